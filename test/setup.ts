// Shared jest setup: keep cdktf from reaching for the network during tests.
process.env.CHECKPOINT_DISABLE = "1";
// Version checks read "today" (lib/cluster/kubernetes-versions.ts); tests run on a fixed day so that
// their outcome does not change with the calendar. test/cluster/kubernetes-versions.test.ts checks
// the examples against the real date, so the calendar still cannot rot.
process.env.CDKTF_CONTEXT_JSON = JSON.stringify({ "cdktf-secure-aks:today": "2026-12-04" });
