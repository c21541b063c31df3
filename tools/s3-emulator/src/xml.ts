// Just enough XML for the S3 REST API: a builder for response documents and a strict parser for
// the few request bodies S3 takes (CompleteMultipartUpload, Delete, CreateBucketConfiguration).
// The parser refuses DOCTYPE so no entity expansion can ever happen.

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export type XmlContent = string | number | boolean | undefined | null | XmlElement | readonly XmlContent[];

export interface XmlElement {
  readonly tag: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlContent[];
}

/** An element; `undefined` and `null` children are left out, so optional fields read naturally. */
export function xmlElement(tag: string, ...children: XmlContent[]): XmlElement {
  return { tag, attributes: {}, children };
}

export function xmlElementWithAttributes(tag: string, attributes: Record<string, string>, ...children: XmlContent[]): XmlElement {
  return { tag, attributes, children };
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function renderContent(content: XmlContent): string {
  if (content === undefined || content === null) return '';
  if (Array.isArray(content)) return content.map(renderContent).join('');
  if (typeof content === 'object') return renderElement(content as XmlElement);
  return escapeXml(String(content));
}

function renderElement(element: XmlElement): string {
  const attributes = Object.entries(element.attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const inner = element.children.map(renderContent).join('');
  return inner === '' ? `<${element.tag}${attributes}/>` : `<${element.tag}${attributes}>${inner}</${element.tag}>`;
}

export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root)}`;
}

/** A parsed element: its local name (namespace prefix dropped), child elements and own text. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

const NAME = /^[A-Za-z_][\w.:-]*/;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_match, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const codePoint = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
        if (codePoint > 0x10ffff) throw new XmlParseError(`invalid character reference &${entity};`);
        return String.fromCodePoint(codePoint);
      }
    }
  });
}

function assertNoStrayAmpersand(text: string): void {
  if (/&(?!(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);)/.test(text)) {
    throw new XmlParseError('unescaped & in text');
  }
}

/** Parses a document with one root element. Throws XmlParseError on anything malformed. */
export function parseXml(source: string): XmlNode {
  let pos = 0;
  const text = source.replace(/^\uFEFF/, '');

  const skipMisc = () => {
    for (;;) {
      const rest = text.slice(pos);
      const ws = /^\s+/.exec(rest);
      if (ws) {
        pos += ws[0].length;
        continue;
      }
      if (rest.startsWith('<?')) {
        const end = text.indexOf('?>', pos);
        if (end === -1) throw new XmlParseError('unterminated processing instruction');
        pos = end + 2;
        continue;
      }
      if (rest.startsWith('<!--')) {
        const end = text.indexOf('-->', pos);
        if (end === -1) throw new XmlParseError('unterminated comment');
        pos = end + 3;
        continue;
      }
      if (rest.startsWith('<!DOCTYPE') || rest.startsWith('<!ENTITY')) {
        throw new XmlParseError('DOCTYPE is not allowed');
      }
      return;
    }
  };

  const parseElement = (): XmlNode => {
    if (text[pos] !== '<') throw new XmlParseError(`expected an element at offset ${pos}`);
    pos += 1;
    const nameMatch = NAME.exec(text.slice(pos));
    if (!nameMatch) throw new XmlParseError(`expected an element name at offset ${pos}`);
    const qualifiedName = nameMatch[0];
    pos += qualifiedName.length;
    // Attributes are read for well-formedness only: S3 request bodies carry nothing but xmlns.
    for (;;) {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(text.slice(pos));
      if (!attribute) break;
      pos += attribute[0].length;
    }
    const close = /^\s*(\/?)>/.exec(text.slice(pos));
    if (!close) throw new XmlParseError(`malformed start tag <${qualifiedName}>`);
    pos += close[0].length;
    const node: XmlNode = { name: qualifiedName.includes(':') ? qualifiedName.slice(qualifiedName.indexOf(':') + 1) : qualifiedName, children: [], text: '' };
    if (close[1] === '/') return node;

    let ownText = '';
    for (;;) {
      if (pos >= text.length) throw new XmlParseError(`<${qualifiedName}> is not closed`);
      if (text.startsWith('</', pos)) {
        const end = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(pos));
        if (!end || end[1] !== qualifiedName) throw new XmlParseError(`mismatched closing tag for <${qualifiedName}>`);
        pos += end[0].length;
        node.text = ownText;
        return node;
      }
      if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos);
        if (end === -1) throw new XmlParseError('unterminated CDATA section');
        ownText += text.slice(pos + 9, end);
        pos = end + 3;
        continue;
      }
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos);
        if (end === -1) throw new XmlParseError('unterminated comment');
        pos = end + 3;
        continue;
      }
      if (text.startsWith('<!', pos) || text.startsWith('<?', pos)) {
        throw new XmlParseError('declarations are not allowed inside elements');
      }
      if (text[pos] === '<') {
        node.children.push(parseElement());
        continue;
      }
      const next = text.indexOf('<', pos);
      const raw = text.slice(pos, next === -1 ? text.length : next);
      assertNoStrayAmpersand(raw);
      ownText += decodeEntities(raw);
      pos += raw.length;
    }
  };

  skipMisc();
  const root = parseElement();
  skipMisc();
  if (pos !== text.length) throw new XmlParseError('content after the root element');
  return root;
}

export function childNodes(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((child) => child.name === name);
}

export function childText(node: XmlNode, name: string): string | undefined {
  return node.children.find((child) => child.name === name)?.text;
}
