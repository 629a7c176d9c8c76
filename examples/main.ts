import { App } from "cdktf";
import { privateClusterExample } from "./private-cluster";
import { logicalIsolationExample } from "./logical-isolation";
import { physicalIsolationExample } from "./physical-isolation";

// Every example stack; `npm run synth` writes them all to cdktf.out/, `cdktf deploy <stack>` deploys one.
const app = new App();
privateClusterExample(app);
logicalIsolationExample(app);
physicalIsolationExample(app);
app.synth();
