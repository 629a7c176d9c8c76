// Shared jest setup: keep cdktf from reaching for the network during tests.
process.env.CHECKPOINT_DISABLE = "1";
// Version checks read "today" (lib/cluster/kubernetes-versions.ts); tests run on a fixed day so that
// their outcome does not change with the calendar. test/cluster/kubernetes-versions.test.ts checks
// the examples against the real date, so the calendar still cannot rot.
process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ "cdktf-secure-aks:today": "2026-12-04" });

// cdktf records a full creation stack trace (unlimited depth) in every token it creates: each
// resource attribute read, Lazy value and nested output reference (cdktf lib/tokens/private/
// stack-trace.js, called by Intrinsic, Lazy, ComplexResolvable). It is used only to decorate
// cdktf's own error messages about a misused token, which no test asserts on. Under jest the capture
// walks jest's deep call stacks and formats every frame through source-map-support: it was ~75% of
// the CPU time of the synth-heavy suites (test/namespace/isolated-namespace.test.ts: 16.4 s -> 4.3 s
// without it). Tests therefore run without creation stacks; synth output and every library code
// path are unchanged. If cdktf moves the module, this require fails every suite loudly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktfStackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
cdktfStackTrace.captureStackTrace = () => [];
