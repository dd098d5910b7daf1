describe('cross-file', () => { it('todo', () => {}); });
