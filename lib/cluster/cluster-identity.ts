import { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { AzureBuiltInRole, AzureRoles } from "../util/azure-roles";

/** What {@link ClusterIdentity} needs: names and the resources the control plane acts on. */
export interface ClusterIdentityProps {
  readonly clusterName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
  /** The cluster's node subnet. */
  readonly nodeSubnetId: string;
  /** The delegated API-server subnet (VNet integration). */
  readonly apiServerSubnetId?: string;
  /** The cluster's VNet (given, or derived from the node subnet). */
  readonly virtualNetworkId: string;
  /** `private_dns_zone_id` of the cluster: "System", a given zone's id or the created zone's id. */
  readonly privateDnsZoneId?: string;
  /** True when the VNet uses custom DNS servers (or a token that may hold some). */
  readonly customDns: boolean;
  /** The vault of the KMS key (AKS-DAT-01). */
  readonly keyVaultId?: string;
  /** The disk encryption set (AKS-DAT-03). */
  readonly diskEncryptionSetId?: string;
}

/**
 * The cluster's user-assigned control-plane identity (AKS-IAM-08) and the role assignments it needs
 * before the cluster exists: the cluster depends on every one of them. Its resources belong to the
 * owner (SecureCluster), at the construct paths they always had.
 */
export class ClusterIdentity {
  /** User-assigned control-plane identity (AKS-IAM-08). */
  public readonly controlPlaneIdentity: UserAssignedIdentity;
  /** Role assignments of the control-plane identity, in creation order. */
  public readonly roleAssignments: RoleAssignment[] = [];
  private readonly owner: Construct;

  constructor(owner: Construct, props: ClusterIdentityProps) {
    this.owner = owner;
    this.controlPlaneIdentity = new UserAssignedIdentity(owner, "ControlPlaneIdentity", {
      // 3-128 characters: "id-" plus a cluster name of at most 63 always fits.
      name: `id-${props.clusterName}`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags,
    });
    const zone = props.privateDnsZoneId;
    const byoZone = zone !== undefined && zone !== "System" ? zone : undefined;
    if (byoZone) this.grant("PrivateDnsZoneContributor", byoZone, AzureRoles.privateDnsZoneContributor);
    if (byoZone || props.customDns) {
      // AKS links the VNet to a BYO zone, and in a VNet with custom DNS it reconciles DNS on the
      // VNet itself: both need Network Contributor on the VNet, not only the subnet
      // (private-clusters.md, "Hub and spoke with custom DNS"; "Custom private DNS zone").
      this.grant("NetworkContributorVnet", props.virtualNetworkId, AzureRoles.networkContributor);
    } else {
      this.grant("NetworkContributorNodeSubnet", props.nodeSubnetId, AzureRoles.networkContributor);
      if (props.apiServerSubnetId)
        this.grant("NetworkContributorApiServerSubnet", props.apiServerSubnetId, AzureRoles.networkContributor);
    }
    if (props.keyVaultId) this.grant("KeyVaultCryptoUser", props.keyVaultId, AzureRoles.keyVaultCryptoUser);
    if (props.diskEncryptionSetId) this.grant("DiskEncryptionSetReader", props.diskEncryptionSetId, AzureRoles.reader);
  }

  /** Principal id of the control-plane identity. */
  public get principalId(): string {
    return this.controlPlaneIdentity.principalId;
  }

  private grant(id: string, scope: string, role: AzureBuiltInRole): void {
    this.roleAssignments.push(
      new RoleAssignment(this.owner, id, {
        scope,
        roleDefinitionName: role.name,
        principalId: this.controlPlaneIdentity.principalId,
        principalType: "ServicePrincipal",
      }),
    );
  }
}
