using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Authorization;

/// <summary>
/// Built-in Azure roles that matter for Key Vault keys, known without being in the input.
/// GUIDs and permissions from Microsoft's built-in roles reference (security and privileged pages).
/// </summary>
public static class BuiltInRoles
{
    public const string KeyVaultCryptoServiceEncryptionUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

    private static readonly string[] KeyVaultManagementReads =
    [
        "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*", "Microsoft.KeyVault/checkNameAvailability/read",
        "Microsoft.KeyVault/deletedVaults/read", "Microsoft.KeyVault/locations/*/read", "Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/operations/read",
    ];

    public static IReadOnlyList<RoleDefinition> All { get; } =
    [
        Role(KeyVaultCryptoServiceEncryptionUser, "Key Vault Crypto Service Encryption User",
            actions: ["Microsoft.EventGrid/eventSubscriptions/write", "Microsoft.EventGrid/eventSubscriptions/read", "Microsoft.EventGrid/eventSubscriptions/delete"],
            dataActions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/wrap/action", "Microsoft.KeyVault/vaults/keys/unwrap/action"]),
        Role("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User",
            actions: [],
            dataActions:
            [
                "Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/update/action", "Microsoft.KeyVault/vaults/keys/backup/action",
                "Microsoft.KeyVault/vaults/keys/encrypt/action", "Microsoft.KeyVault/vaults/keys/decrypt/action", "Microsoft.KeyVault/vaults/keys/wrap/action",
                "Microsoft.KeyVault/vaults/keys/unwrap/action", "Microsoft.KeyVault/vaults/keys/sign/action", "Microsoft.KeyVault/vaults/keys/verify/action",
            ]),
        Role("14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer",
            actions: KeyVaultManagementReads,
            dataActions: ["Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keyrotationpolicies/*"]),
        Role("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator",
            actions: KeyVaultManagementReads,
            dataActions: ["Microsoft.KeyVault/vaults/*"]),
        Role("21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader",
            actions: KeyVaultManagementReads,
            dataActions: ["Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"]),
        Role("08bbd89e-9f13-488c-ac41-acfcb10c90ab", "Key Vault Crypto Service Release User",
            actions: [],
            dataActions: ["Microsoft.KeyVault/vaults/keys/release/action"]),
        Role("f25e0fa2-a7c8-4377-a976-54943a77a395", "Key Vault Contributor",
            actions: ["Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*", "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*", "Microsoft.KeyVault/*"],
            dataActions: [],
            notActions: ["Microsoft.KeyVault/locations/deletedVaults/purge/action", "Microsoft.KeyVault/hsmPools/*", "Microsoft.KeyVault/managedHsms/*"]),
        Role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", actions: ["*"], dataActions: []),
        Role("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
            actions: ["*"],
            dataActions: [],
            notActions: ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"]),
        Role("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", actions: ["*/read"], dataActions: []),
        Role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator", actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"], dataActions: []),
        Role("f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator",
            actions: ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "*/read", "Microsoft.Support/*"],
            dataActions: []),
    ];

    private static RoleDefinition Role(string guid, string name, string[] actions, string[] dataActions, string[]? notActions = null) =>
        new(guid, name, IsBuiltIn: true, [new RolePermission(actions, notActions ?? [], dataActions, [])]);
}
