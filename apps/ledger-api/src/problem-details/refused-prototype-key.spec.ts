import { refusedPrototypeKey } from './refused-prototype-key';

const refused = (json: string) => refusedPrototypeKey(Buffer.from(json, 'utf8'));

describe('refusedPrototypeKey: where a body Fastify refused holds a key that would set a prototype', () => {
  it('names a __proto__ key and a constructor holding a prototype, where they are', () => {
    expect(refused('{"name":"x","__proto__":{"a":1}}')).toBe('__proto__');
    expect(refused('{"address":{"constructor":{"prototype":{}}}}')).toBe('address.constructor');
    expect(refused('[{"ok":1},{"__proto__":1}]')).toBe('[1].__proto__');
  });

  it('names nothing in JSON that holds no such key, or in a body that is no JSON', () => {
    expect(refused('{"constructor":{"name":"x"}}')).toBeUndefined();
    expect(refused('{"number":')).toBeUndefined();
  });

  it('names only the first of many, so that the answer stays small whatever the body holds', () => {
    const many = `[${Array.from({ length: 60_000 }, () => '{"__proto__":1}').join(',')}]`;
    expect(refused(many)).toBe('[0].__proto__');
    const afterNumbers = `[${'1,'.repeat(400_000)}{"__proto__":1}]`;
    expect(refused(afterNumbers)).toBe('[400000].__proto__');
  });

  it('walks any nesting without overflowing the stack, and shows the last steps of a deep path', () => {
    const depth = 20_000;
    const deep = `${'{"a":'.repeat(depth)}{"__proto__":1}${'}'.repeat(depth)}`;
    expect(refused(deep)).toBe(`…${'.a'.repeat(7)}.__proto__`);
  });

  it('answers for a body of 1 MiB nested as deep as it can be, writing out only the last steps', () => {
    const depth = 500_000;
    const deepest = `${'['.repeat(depth)}{"__proto__":1}${']'.repeat(depth)}`;
    expect(refused(deepest)).toBe(`…${'[0]'.repeat(7)}.__proto__`);
  });

  it('names the first key in the order the body is written, not the one nearest the top', () => {
    expect(refused('{"address":{"__proto__":1},"__proto__":1}')).toBe('address.__proto__');
    expect(refused('[[{"constructor":{"prototype":1}}],{"__proto__":1}]')).toBe('[0][0].constructor');
  });

  it('reads a body that begins with a byte order mark, as Fastify does', () => {
    expect(refused('\uFEFF{"__proto__":1}')).toBe('__proto__');
  });

  it('does not repeat a key that is no name, a My Number above all (§3.3)', () => {
    const named = refused('{"621498320257":{"__proto__":1}}');
    expect(named).toBe('[a key not repeated].__proto__');
  });
});
