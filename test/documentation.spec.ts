import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The targets of Markdown links that name a file beside the README, without their anchors. */
const relativeLinks = (markdown: string) =>
  [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map(([, target]) => target!)
    .filter((target) => !/^[a-z]+:/.test(target));

/** The text of a `## ` section, up to the next. */
const section = (title: string) => readme.split(/^## /m).find((part) => part.startsWith(`${title}\n`)) ?? '';

describe('README.md', () => {
  it('links only to files that exist', () => {
    const links = relativeLinks(readme);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((target) => !existsSync(join(root, target)))).toEqual([]);
  });

  it('lists every decision record under Documentation, so that none is found only by browsing docs/adr', () => {
    const records = readdirSync(join(root, 'docs/adr')).filter((name) => /^\d{4}-.+\.md$/.test(name));
    const listed = relativeLinks(section('Documentation'));
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((name) => !listed.includes(`docs/adr/${name}`))).toEqual([]);
  });
});
