describe('code-actions', () => { it('todo', () => {}); });
