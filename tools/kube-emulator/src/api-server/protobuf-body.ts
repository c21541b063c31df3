// Kubernetes protobuf request bodies, for the few kinds kubectl's typed commands send that way
// (`kubectl create secret|configmap|namespace`): the `k8s\0` envelope around a runtime.Unknown,
// decoded into the same JSON object a JSON client would have sent. Answers stay JSON, which
// kubectl accepts as well.
import type { JsonObject } from './kube-object.ts';
import { badRequestError, unsupportedMediaTypeError } from './kube-status.ts';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';
const envelopeMagic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field {
  number: number;
  /** Varint value for wire type 0; bytes for wire type 2. */
  value: bigint | Buffer;
}

class ProtobufReader {
  private position = 0;
  private readonly buffer: Buffer;

  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }

  done(): boolean {
    return this.position >= this.buffer.length;
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = this.buffer[this.position];
      if (byte === undefined || shift > 63n) throw new Error('truncated varint');
      this.position += 1;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  }

  field(): Field | undefined {
    const key = Number(this.varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        return { number, value: this.varint() };
      case 2: {
        const length = Number(this.varint());
        if (this.position + length > this.buffer.length) throw new Error('truncated field');
        const value = this.buffer.subarray(this.position, this.position + length);
        this.position += length;
        return { number, value };
      }
      case 1:
        this.position += 8;
        return undefined;
      case 5:
        this.position += 4;
        return undefined;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
  }
}

function fieldsOf(buffer: Buffer): Field[] {
  const reader = new ProtobufReader(buffer);
  const fields: Field[] = [];
  while (!reader.done()) {
    const field = reader.field();
    if (field !== undefined) fields.push(field);
  }
  return fields;
}

const text = (value: bigint | Buffer): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
const bytes = (value: bigint | Buffer): Buffer => (Buffer.isBuffer(value) ? value : Buffer.alloc(0));

function mapEntry(value: bigint | Buffer, valueAs: 'string' | 'base64'): [string, string] {
  let key = '';
  let entry = '';
  for (const field of fieldsOf(bytes(value))) {
    if (field.number === 1) key = text(field.value);
    if (field.number === 2) entry = valueAs === 'string' ? text(field.value) : bytes(field.value).toString('base64');
  }
  return [key, entry];
}

function addToMap(target: JsonObject, name: string, entry: [string, string]): void {
  const map = (target[name] as Record<string, string> | undefined) ?? {};
  map[entry[0]] = entry[1];
  target[name] = map;
}

function decodeObjectMeta(buffer: Buffer): JsonObject {
  const metadata: JsonObject = {};
  const names: Record<number, string> = { 1: 'name', 2: 'generateName', 3: 'namespace', 5: 'uid', 6: 'resourceVersion' };
  for (const field of fieldsOf(buffer)) {
    const name = names[field.number];
    if (name !== undefined) metadata[name] = text(field.value);
    else if (field.number === 11) addToMap(metadata, 'labels', mapEntry(field.value, 'string'));
    else if (field.number === 12) addToMap(metadata, 'annotations', mapEntry(field.value, 'string'));
    else if (field.number === 14) metadata['finalizers'] = [...((metadata['finalizers'] as string[] | undefined) ?? []), text(field.value)];
  }
  return metadata;
}

type KindDecoder = (fields: Field[]) => JsonObject;

const decoders: Record<string, KindDecoder> = {
  ConfigMap: (fields) => {
    const object: JsonObject = {};
    for (const field of fields) {
      if (field.number === 1) object['metadata'] = decodeObjectMeta(bytes(field.value));
      else if (field.number === 2) addToMap(object, 'data', mapEntry(field.value, 'string'));
      else if (field.number === 3) addToMap(object, 'binaryData', mapEntry(field.value, 'base64'));
      else if (field.number === 4) object['immutable'] = field.value === 1n;
    }
    return object;
  },
  Secret: (fields) => {
    const object: JsonObject = {};
    for (const field of fields) {
      if (field.number === 1) object['metadata'] = decodeObjectMeta(bytes(field.value));
      else if (field.number === 2) addToMap(object, 'data', mapEntry(field.value, 'base64'));
      else if (field.number === 3) object['type'] = text(field.value);
      else if (field.number === 4) addToMap(object, 'stringData', mapEntry(field.value, 'string'));
      else if (field.number === 5) object['immutable'] = field.value === 1n;
    }
    return object;
  },
  Namespace: (fields) => {
    const object: JsonObject = {};
    for (const field of fields) if (field.number === 1) object['metadata'] = decodeObjectMeta(bytes(field.value));
    return object;
  },
};

/** The JSON object a protobuf body stands for; 415 for kinds this server cannot read as protobuf. */
export function decodeProtobufObject(body: Buffer): JsonObject {
  if (!body.subarray(0, 4).equals(envelopeMagic)) throw badRequestError('protobuf body does not start with the k8s\\0 envelope');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  try {
    for (const field of fieldsOf(body.subarray(4))) {
      if (field.number === 1) {
        for (const typeField of fieldsOf(bytes(field.value))) {
          if (typeField.number === 1) apiVersion = text(typeField.value);
          if (typeField.number === 2) kind = text(typeField.value);
        }
      } else if (field.number === 2) {
        raw = bytes(field.value);
      }
    }
    const decode = decoders[kind];
    if (decode === undefined) throw unsupportedMediaTypeError(['application/json', 'application/yaml']);
    return { apiVersion, kind, ...decode(fieldsOf(raw)) };
  } catch (error) {
    if (error instanceof Error && error.name === 'KubeStatusError') throw error;
    throw badRequestError(`unable to decode protobuf body: ${(error as Error).message}`);
  }
}
