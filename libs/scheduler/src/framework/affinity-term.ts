import type { Pod, PodAffinityTerm } from "@capstan/api";
import { type LabelSelector, labelSelectorFromObject } from "@capstan/apimachinery";

/** Which pods a pod (anti-)affinity term is about: their namespaces and labels. */
export interface AffinityTermScope {
  /** Identifies namespaces and selector: equal keys select the same pods. */
  readonly key: string;
  /** True when the term selects pods of every namespace (`namespaceSelector: {}`). */
  readonly allNamespaces: boolean;
  readonly namespaces: ReadonlySet<string>;
  readonly selector: LabelSelector;
}

/**
 * Resolves a term of a pod in `podNamespace` as Kubernetes does: the listed namespaces, or the pod's own
 * when none is listed; an empty `namespaceSelector` means every namespace. A non-empty namespaceSelector
 * would need namespace labels, which the scheduler does not watch: it adds no namespace here.
 */
export function affinityTermScope(term: PodAffinityTerm, podNamespace: string): AffinityTermScope {
  const selector = labelSelectorFromObject(term.labelSelector);
  const nsSelector = term.namespaceSelector;
  const allNamespaces =
    nsSelector !== undefined &&
    Object.keys(nsSelector.matchLabels).length === 0 &&
    nsSelector.matchExpressions.length === 0;
  const listed = term.namespaces.length > 0 || nsSelector !== undefined ? term.namespaces : [podNamespace];
  const namespaces = new Set(listed);
  const selectorText = selector.isNothing() ? "<nothing>" : selector.toString();
  const namespaceText = allNamespaces ? "*" : [...namespaces].sort().join(",");
  return { key: `${namespaceText}|${selectorText}`, allNamespaces, namespaces, selector };
}

/** Whether the term's scope selects `pod`. */
export function scopeMatches(scope: AffinityTermScope, pod: Pod): boolean {
  const namespace = pod.metadata?.namespace ?? "";
  if (!scope.allNamespaces && !scope.namespaces.has(namespace)) return false;
  return scope.selector.matches(pod.metadata?.labels);
}

/** A query counting the placed pods a term's scope selects. */
export function scopeQuery(scope: AffinityTermScope): { key: string; matches(pod: Pod): boolean } {
  return { key: `term:${scope.key}`, matches: (pod) => scopeMatches(scope, pod) };
}

/** A pod's required anti-affinity terms, resolved; memoized per informer object (objects are replaced on update). */
export function requiredAntiAffinity(pod: Pod): readonly ResolvedAffinityTerm[] {
  let terms = resolvedByPod.get(pod);
  if (terms === undefined) {
    const namespace = pod.metadata?.namespace ?? "";
    const required =
      pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    terms = required.map((term) => ({ term, scope: affinityTermScope(term, namespace) }));
    resolvedByPod.set(pod, terms);
  }
  return terms;
}

/** A term with its resolved scope. */
export interface ResolvedAffinityTerm {
  readonly term: PodAffinityTerm;
  readonly scope: AffinityTermScope;
}

const resolvedByPod = new WeakMap<Pod, readonly ResolvedAffinityTerm[]>();
