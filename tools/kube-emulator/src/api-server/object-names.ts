// Name and label rules with the real server's wording (k8s.io/apimachinery validation.go), so a
// client that breaks a rule here would break it the same way against a real cluster.
import { randomInt } from 'node:crypto';

const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedNamePartPattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const dns1123LabelMaxLength = 63;
export const dns1123SubdomainMaxLength = 253;
const labelValueMaxLength = 63;

const dns1123LabelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1123SubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const qualifiedNamePartMessage =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Every rule the name breaks, in the real server's words; empty when the name is valid. */
export function validateDns1123Label(name: string): string[] {
  const problems: string[] = [];
  if (name.length > dns1123LabelMaxLength) problems.push(`must be no more than ${dns1123LabelMaxLength} characters`);
  if (!dns1123LabelPattern.test(name)) problems.push(dns1123LabelMessage);
  return problems;
}

export function validateDns1123Subdomain(name: string): string[] {
  const problems: string[] = [];
  if (name.length > dns1123SubdomainMaxLength) problems.push(`must be no more than ${dns1123SubdomainMaxLength} characters`);
  if (!dns1123SubdomainPattern.test(name)) problems.push(dns1123SubdomainMessage);
  return problems;
}

/** The first problem with a label key (`prefix/name` or `name`), or undefined. */
export function validateLabelKey(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'`;
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') return 'prefix part must be non-empty';
    const prefixProblem = validateDns1123Subdomain(prefix)[0];
    if (prefixProblem !== undefined) return `prefix part ${prefixProblem}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!qualifiedNamePartPattern.test(name)) return qualifiedNamePartMessage;
  return undefined;
}

export function validateLabelValue(value: string): string | undefined {
  if (value.length > labelValueMaxLength) return `must be no more than ${labelValueMaxLength} characters`;
  if (!labelValuePattern.test(value)) return labelValueMessage;
  return undefined;
}

// The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, so no accidental words, and no
// look-alike characters.
const generatedNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
export const generatedSuffixLength = 5;

/** `metadata.generateName` plus five random characters; a long prefix is cut like the real server does. */
export function generateObjectName(generateName: string): string {
  const base = generateName.slice(0, dns1123LabelMaxLength - generatedSuffixLength);
  let suffix = '';
  for (let i = 0; i < generatedSuffixLength; i += 1) suffix += generatedNameAlphabet.charAt(randomInt(generatedNameAlphabet.length));
  return base + suffix;
}
