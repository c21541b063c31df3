import { describe, expect, it } from 'vitest';
import { pyFloat, pyTuple } from './python-value.ts';
import type { PyValue } from './python-value.ts';
import { dumpPythonYaml } from './python-yaml.ts';

describe('dumpPythonYaml', () => {
  it('writes the bytes PyYAML safe_dump(sort_keys=False, allow_unicode=True) writes', () => {
    const entries: [string, PyValue][] = [
      ['a', pyTuple([1, 2])], ['b', '0'], ['c', 'yes'], ['d', ''], ['e', pyFloat(1e-5)], ['f', 'a b'], ['g', 'x: y'], ['h', '-x'],
      ['i', '#x'], ['j', ' x'], ['k', 'c:/Users/zakiea/Desktop/DL/TP Final/pcb'], ['l', '1.5'], ['m', '/content/runs'],
      ['n', '2020-01-01'], ['o', '~'], ['p', 'abc:'], ['q', `${'a'.repeat(100)} ${'b'.repeat(5)}`], ['r', 'é'], ['s', '0.1.2'],
      ['t', '1_000'], ['u', '.inf'], ['v', '- a'], ['w', 'a,b'], ['x', '[a]'], ['y', 'ab#c'], ['z', '@x'], ['aa', "it's"],
      ['ab', 'a #b'], ['ac', pyFloat(12)], ['ad', pyFloat(0.0005)], ['ae', pyFloat(1e16)], ['af', null], ['ag', true], ['ah', -3],
      ['ai', []], ['aj', ['x', pyFloat(0.5), null]], ['ak', '?x'], ['al', '? x'], ['am', `${'x'.repeat(90)} ${'y'.repeat(90)} z`],
      ['an', `'quoted' ${'w'.repeat(85)} end`], ['ao', 'null'], ['ap', '='], ['aq', '0x1F'], ['ar', '1:20'], ['as', 'on'],
    ];
    // Produced by PyYAML 6.0.3 from the same Python values.
    const expected = `a:
- 1
- 2
b: '0'
c: 'yes'
d: ''
e: 1.0e-05
f: a b
g: 'x: y'
h: -x
i: '#x'
j: ' x'
k: c:/Users/zakiea/Desktop/DL/TP Final/pcb
l: '1.5'
m: /content/runs
n: '2020-01-01'
o: '~'
p: 'abc:'
q: ${'a'.repeat(100)}
  bbbbb
r: é
s: 0.1.2
t: '1_000'
u: '.inf'
v: '- a'
w: a,b
x: '[a]'
y: ab#c
z: '@x'
aa: it's
ab: 'a #b'
ac: 12.0
ad: 0.0005
ae: 1.0e+16
af: null
ag: true
ah: -3
ai: []
aj:
- x
- 0.5
- null
ak: ?x
al: '? x'
am: ${'x'.repeat(90)}
  ${'y'.repeat(90)}
  z
an: '''quoted'' ${'w'.repeat(85)}
  end'
ao: 'null'
ap: '='
aq: '0x1F'
ar: '1:20'
as: 'on'
`;
    expect(dumpPythonYaml(entries)).toBe(expected);
  });
});
