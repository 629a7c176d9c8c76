// Shared jest setup: keep cdktf from reaching for the network during tests.
process.env.CHECKPOINT_DISABLE = "1";
