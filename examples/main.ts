import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";

const app = new App();
const stack = new TerraformStack(app, "placeholder");
new AzurermProvider(stack, "azurerm", { features: [{}] });
new ResourceGroup(stack, "rg", { name: "rg-placeholder", location: "westeurope" });
app.synth();
