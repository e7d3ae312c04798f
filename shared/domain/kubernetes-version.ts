/**
 * The Kubernetes releases Flatkube offers. A module of its own, without zod: the wizard's page
 * needs the default at start (its empty draft), not the spec's schemas (cluster-spec.ts).
 */

/** Kubernetes minors we offer: 1.34-1.36 are supported (v1beta3 gone in 1.36; docs/bootstrap.md#kubernetes-versions). */
export const SUPPORTED_KUBERNETES_MINORS = [34, 35, 36] as const;
/** The sandbox's bakery publishes it (a test checks this); the wizard moves to the real bakery's newest 1.35 when it does not. */
export const DEFAULT_KUBERNETES_VERSION = '1.35.3';
