import { describe, expect, it } from 'vitest';
import { childNodes, childText, parseXml, renderXmlDocument, xmlElement, xmlElementWithAttributes } from './xml.ts';

describe('renderXmlDocument', () => {
  it('escapes text and attributes and leaves out absent children', () => {
    const xml = renderXmlDocument(
      xmlElementWithAttributes('R', { xmlns: 'urn:"x"' }, xmlElement('Key', 'a<b>&"c\''), undefined, xmlElement('Empty'), [xmlElement('N', 3)]),
    );
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:&quot;x&quot;"><Key>a&lt;b&gt;&amp;&quot;c&apos;</Key><Empty/><N>3</N></R>');
  });
});

describe('parseXml', () => {
  it('reads elements, entities, character references and CDATA, dropping namespace prefixes', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<s3:Delete xmlns:s3="x"><Object><Key>a&amp;b&#x41;&#66;</Key></Object><Object><Key><![CDATA[<raw>]]></Key></Object><!-- c --><Quiet>true</Quiet></s3:Delete>',
    );
    expect(root.name).toBe('Delete');
    expect(childNodes(root, 'Object').map((node) => childText(node, 'Key'))).toEqual(['a&bAB', '<raw>']);
    expect(childText(root, 'Quiet')).toBe('true');
  });

  it('refuses a DOCTYPE so that no entity can be expanded', () => {
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).toThrow('DOCTYPE is not allowed');
  });

  it('refuses mismatched tags, stray ampersands and trailing content', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow('mismatched closing tag for <b>');
    expect(() => parseXml('<a>x & y</a>')).toThrow('unescaped & in text');
    expect(() => parseXml('<a/><b/>')).toThrow('content after the root element');
    expect(() => parseXml('<a>')).toThrow('<a> is not closed');
  });
});
