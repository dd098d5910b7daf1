describe('korean', () => { it('todo', () => {}); });
