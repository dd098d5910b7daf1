describe('lesson', () => { it('todo', () => {}); });
