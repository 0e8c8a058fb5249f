namespace CmkAudit.Model.Input;

/// <summary>The ARM types CmkAudit reads. Resource Graph lower-cases types, so lookups ignore case.</summary>
public static class ResourceTypes
{
    public const string Registry = "Microsoft.ContainerRegistry/registries";
    public const string RegistryTask = "Microsoft.ContainerRegistry/registries/tasks";
    public const string Vault = "Microsoft.KeyVault/vaults";
    public const string ManagedHsm = "Microsoft.KeyVault/managedHSMs";
    public const string VaultKey = "Microsoft.KeyVault/vaults/keys";
    public const string HsmKey = "Microsoft.KeyVault/managedHSMs/keys";
    public const string VaultKeyVersion = "Microsoft.KeyVault/vaults/keys/versions";
    public const string HsmKeyVersion = "Microsoft.KeyVault/managedHSMs/keys/versions";
    public const string UserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string RoleDefinition = "Microsoft.Authorization/roleDefinitions";
    public const string Subscription = "Microsoft.Resources/subscriptions";
}
