// Argo's naming rules for nodes and pods. Clients (the UI, `argo logs`, our own watcher) recompute
// these, so they must match workflow/common and pkg/apis/workflow/v1alpha1 byte for byte.

/** FNV-1a, 32 bit, over the UTF-8 bytes: Go's hash/fnv New32a. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Workflow.NodeID: the root node carries the workflow's name, every other node `<wf>-<fnv(name)>`. */
export function buildNodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv32a(nodeName)}`;
}

// Pod names are DNS subdomains (253 characters); Argo keeps the prefix short enough for the hash.
const maxPodNamePrefix = 253 - 10 - 1;

/** Pod name format v2: `<workflow>-<template>-<fnv(node name)>`, or the workflow's name for a root pod. */
export function buildPodName(workflowName: string, nodeName: string, templateName: string | undefined): string {
  if (workflowName === nodeName) return workflowName;
  let prefix = templateName && !nodeName.includes('.inline') ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > maxPodNamePrefix) prefix = prefix.slice(0, maxPodNamePrefix);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/** How an item shows in an expanded node's name: `name(0:foo)`, `name(1:a:1,b:2)`, `name(2:[1,2])`. */
export function describeItem(item: unknown): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const values = Object.entries(item as Record<string, unknown>).map(([key, value]) => `${key}:${formatItemValue(value)}`);
    return values.sort().join(',');
  }
  if (Array.isArray(item)) return JSON.stringify(item);
  return formatItemValue(item);
}

export function formatItemValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function buildExpandedNodeName(name: string, index: number, item: unknown): string {
  return `${name}(${index}:${describeItem(item)})`;
}

export function buildOnExitNodeName(parentNodeName: string): string {
  return `${parentNodeName}.onExit`;
}

/** The part of a node's name the UI shows: the step or task name, `[0]` for a step group, `A(1)` for a retry. */
export function buildDisplayName(nodeName: string, workflowName: string): string {
  if (nodeName === workflowName) return nodeName;
  if (nodeName === buildOnExitNodeName(workflowName)) return nodeName;
  let depth = 0;
  for (let i = nodeName.length - 1; i >= 0; i--) {
    const char = nodeName[i];
    if (char === ')' || char === ']') depth++;
    else if (char === '(' || char === '[') depth--;
    else if (char === '.' && depth === 0) return nodeName.slice(i + 1);
    if (char === '[' && depth === 0) return nodeName.slice(i);
  }
  return nodeName;
}
