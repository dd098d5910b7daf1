/**
 * What runs its body once per item, named once for every language. Each
 * language maps its syntax onto these kinds (`typescript/loops.ts`,
 * `python/loops.ts`); rules ask only whether a construct is per item and
 * how its collection grows (`evidence.ts`).
 *
 * Every kind is per item: a query in a `while` loop runs once per turn, in
 * TypeScript as in Python. What differs is the evidence of how many turns
 * there are: a collection that grows, a bound the code shows, or nothing
 * (`while` and `counted` loops iterate no collection, so their size is
 * `unknown` unless the language reads a bound), and that evidence sets a
 * finding's confidence the same way in both languages.
 *
 * - `for-each`: a loop over a collection (`for…of`, `for…in`, Python's `for`);
 * - `counted`: a counting loop (`for (let i = 0; i < n; i++)`);
 * - `while`: `while` and `do…while`, which iterate no collection;
 * - `callback`: a function run per element (`map`, `forEach`, `flatMap`,
 *   `reduce`, `filter`, `some`, `every`, `find`, `Array.from(xs, fn)`);
 * - `comprehension`: Python's list, set and dict comprehensions and generator expressions;
 * - `gather`: concurrent calls over a collection (`Promise.all(xs.map(fn))`,
 *   `asyncio.gather(*(f(x) for x in xs))`), still one call per item.
 */
export type IterationKind = 'for-each' | 'counted' | 'while' | 'callback' | 'comprehension' | 'gather';

