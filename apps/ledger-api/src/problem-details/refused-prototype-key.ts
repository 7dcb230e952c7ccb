import { shownName } from '@ledger/domain';

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** What Fastify's JSON parser refuses: a `__proto__` key, or a `constructor` holding a `prototype`. */
const setsPrototype = (key: string, value: unknown): boolean =>
  key === '__proto__' || (key === 'constructor' && isObject(value) && 'prototype' in value);

/** A value of the body, with the way to it kept as links: a path is written out only for the key found. */
interface Reached {
  readonly value: unknown;
  readonly step?: Step;
}

/** How a value was reached: by which key, of an array or an object, from where. */
interface Step {
  readonly key: string;
  readonly inArray: boolean;
  readonly from: Reached;
}

/** Segments shown of a deep path: the last ones, which say where the key is. */
const shownSegments = 8;

function pathTo(reached: Reached): string {
  // Only the last steps are written out: a body nested half a million deep has as many, and
  // putting each in front of all the others would take minutes.
  const segments: string[] = [];
  let at: Reached | undefined = reached;
  for (; at?.step && segments.length < shownSegments; at = at.step.from) {
    const { key, inArray } = at.step;
    // A client's key may hold anything, a My Number too: one that is no name is not repeated.
    segments.push(inArray ? `[${key}]` : `.${shownName(key, '[a key not repeated]')}`);
  }
  const path = segments.reverse().join('');
  return at?.step ? `…${path}` : path.replace(/^\./, '');
}

/**
 * Where a body Fastify refused holds the first key it refuses, in the order the body is written,
 * when the body is JSON that parses. Only the first: a body of many such keys would otherwise make an answer many times its size. A
 * loop, not recursion, so that no nesting the parser takes overflows the stack.
 */
export function refusedPrototypeKey(body: Buffer): string | undefined {
  let root: unknown;
  try {
    // Fastify's parser skips a byte order mark, JSON.parse does not.
    root = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const pending: Reached[] = [{ value: root }];
  for (let reached = pending.pop(); reached; reached = pending.pop()) {
    const { value, step } = reached;
    if (step && setsPrototype(step.key, value)) return pathTo(reached);
    if (!isObject(value)) continue;
    const inArray = Array.isArray(value);
    const entries = Object.entries(value as Record<string, unknown>);
    // Last first onto the stack, so that the body is walked in the order it is written; one by one,
    // as an array of a million numbers spread into push would exceed the arguments a call takes.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index]!;
      pending.push({ value: child, step: { key, inArray, from: reached } });
    }
  }
  return undefined;
}
