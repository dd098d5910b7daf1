describe('scan', () => { it('todo', () => {}); });
