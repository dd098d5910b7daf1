describe('settings', () => { it('todo', () => {}); });
