import { App } from "cdktf";
import { privateClusterExample } from "./private-cluster";
import { logicalIsolationExample } from "./logical-isolation";
import { physicalIsolationExample } from "./physical-isolation";

// Every example stack; `npm run synth` writes them all to cdktf.out/, `cdktf deploy <stack>` deploys one.
// The logical example declares the subscription's DefenderPlan first; the physical and private-cluster
// examples add their clusters to it (one plan per subscription, and it bills every cluster).
const app = new App();
logicalIsolationExample(app);
physicalIsolationExample(app);
privateClusterExample(app);
app.synth();
