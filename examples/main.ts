import { App } from "cdktf";
import { privateClusterExample } from "./private-cluster";

// Every example stack; `npm run synth` writes them all to cdktf.out/, `cdktf deploy <stack>` deploys one.
const app = new App();
privateClusterExample(app);
app.synth();
