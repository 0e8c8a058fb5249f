using CmkAudit.Model.Authorization;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;

namespace CmkAudit.Model.Tests;

public sealed class GraphTests
{
    private const string Sub = "11111111-1111-1111-1111-111111111111";
    private const string Rg = "/subscriptions/" + Sub + "/resourceGroups/rg";
    private const string UaiId = Rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";
    private const string VaultId = Rg + "/providers/Microsoft.KeyVault/vaults/kv1";
    private const string ClientId = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string PrincipalId = "bbbbbbbb-0000-0000-0000-000000000001";

    private static string Registry(string identityBlock, string clientId = ClientId, string keyUri = "https://KV1.vault.azure.net/keys/cmk") => $$"""
        {"id":"{{Rg}}/providers/Microsoft.ContainerRegistry/registries/cr1","type":"Microsoft.ContainerRegistry/registries","sku":{"name":"Premium"},
         {{identityBlock}}
         "properties":{"provisioningState":"Succeeded","encryption":{"status":"enabled","keyVaultProperties":{"keyIdentifier":"{{keyUri}}","identity":"{{clientId}}"} } } }
        """;

    private const string Attached = $$"""
        "identity":{"type":"systemAssigned, userAssigned","principalId":"cccccccc-0000-0000-0000-000000000001",
          "userAssignedIdentities":{"{{Rg}}/providers/microsoft.managedidentity/userassignedidentities/ID1":{"principalId":"{{PrincipalId}}","clientId":"{{ClientId}}"} } },
        """;

    private const string Identity = $$"""
        {"id":"{{UaiId}}","type":"Microsoft.ManagedIdentity/userAssignedIdentities","properties":{"principalId":"{{PrincipalId}}","clientId":"{{ClientId}}"} }
        """;

    private static string Vault(bool rbac, string policies = "[]") => $$"""
        {"id":"{{VaultId}}","type":"Microsoft.KeyVault/vaults","properties":{"vaultUri":"https://kv1.vault.azure.net/","enableRbacAuthorization":{{(rbac ? "true" : "false")}},"accessPolicies":{{policies}} } }
        """;

    private static string Assignment(string scope, string role, string principal = PrincipalId) => $$"""
        {"id":"{{(scope == "/" ? "" : scope)}}/providers/Microsoft.Authorization/roleAssignments/{{Guid.NewGuid()}}","type":"Microsoft.Authorization/roleAssignments",
         "properties":{"roleDefinitionId":"/subscriptions/{{Sub}}/providers/Microsoft.Authorization/roleDefinitions/{{role}}","principalId":"{{principal}}","scope":"{{scope}}"} }
        """;

    private static EstateGraph Graph(params string[] documents)
    {
        using var files = new TempFiles();
        var estate = InputLoader.Load([files.Write("estate.json", "[" + string.Join(",", documents) + "]")]);
        Assert.Empty(estate.Diagnostics);
        return new EstateGraph(estate);
    }

    [Fact]
    public void The_client_id_resolves_to_the_attached_user_assigned_identity_ignoring_case()
    {
        var chain = Graph(Registry(Attached, ClientId.ToUpperInvariant()), Vault(false)).CmkChains.Single();

        Assert.Equal(IdentityKind.UserAssigned, chain.Identity!.Kind);
        Assert.True(chain.Identity.AssignedToRegistry);
        Assert.Equal(PrincipalId, chain.Identity.PrincipalId);
        Assert.NotNull(chain.Vault);
        Assert.Equal("cmk", chain.KeyUri!.KeyName);
    }

    [Fact]
    public void A_removed_identity_is_found_by_its_document_and_marked_unassigned()
    {
        var chain = Graph(Registry("\"identity\":{\"type\":\"SystemAssigned\",\"principalId\":\"cccccccc-0000-0000-0000-000000000001\"},"), Identity).CmkChains.Single();

        Assert.Equal(IdentityKind.UserAssigned, chain.Identity!.Kind);
        Assert.False(chain.Identity.AssignedToRegistry);
        Assert.Equal(UaiId, chain.Identity.ResourceId);
        Assert.Equal(PrincipalId, chain.Identity.PrincipalId);
    }

    [Fact]
    public void An_unknown_client_id_on_a_registry_with_a_system_identity_is_the_system_identity()
    {
        var chain = Graph(Registry(Attached, "dddddddd-0000-0000-0000-000000000009")).CmkChains.Single();

        Assert.Equal(IdentityKind.SystemAssigned, chain.Identity!.Kind);
        Assert.Equal("cccccccc-0000-0000-0000-000000000001", chain.Identity.PrincipalId);
        Assert.Contains(chain.Gaps, g => g.Link == "vault");
    }

    [Fact]
    public void A_client_id_matching_nothing_without_a_system_identity_is_an_unresolved_link()
    {
        var chain = Graph(Registry("", "dddddddd-0000-0000-0000-000000000009"), Vault(false)).CmkChains.Single();

        Assert.False(chain.Identity!.AssignedToRegistry);
        Assert.Contains(chain.Gaps, g => g.Link == "identity");
    }

    [Fact]
    public void Access_policies_grant_by_object_id_and_all_implies_every_key_permission()
    {
        var graph = Graph(Registry(Attached), Vault(false, $$"""[{"tenantId":"t","objectId":"{{PrincipalId.ToUpperInvariant()}}","permissions":{"keys":["All"]} }]"""));

        var access = graph.KeyAccessOf(graph.Estate.Vaults[0], "cmk", PrincipalId);

        Assert.True(access.IsSufficient);
        Assert.Equal(["keys:all"], access.EffectiveGrants.Single().Excess);
    }

    [Fact]
    public void A_compound_access_policy_does_not_grant_the_identity_alone()
    {
        var graph = Graph(Vault(false, $$"""[{"tenantId":"t","objectId":"{{PrincipalId}}","applicationId":"app","permissions":{"keys":["get","wrapKey","unwrapKey"]} }]"""));

        var access = graph.KeyAccessOf(graph.Estate.Vaults[0], "cmk", PrincipalId);

        Assert.False(access.IsSufficient);
        Assert.Single(access.Notes);
    }

    [Fact]
    public void On_an_rbac_vault_access_policies_are_ignored_and_roles_count()
    {
        var graph = Graph(
            Vault(true, $$"""[{"tenantId":"t","objectId":"{{PrincipalId}}","permissions":{"keys":["get","wrapKey","unwrapKey"]} }]"""),
            Assignment(VaultId + "/keys/cmk", BuiltInRoles.KeyVaultCryptoServiceEncryptionUser));

        var access = graph.KeyAccessOf(graph.Estate.Vaults[0], "cmk", PrincipalId);

        Assert.Equal(PermissionModel.Rbac, access.EffectiveModel);
        Assert.True(access.IsSufficient);
        Assert.True(access.IgnoredGrants.Single().IsSufficient);
        Assert.False(graph.KeyAccessOf(graph.Estate.Vaults[0], "other-key", PrincipalId).IsSufficient);
    }

    [Fact]
    public void A_custom_role_is_evaluated_by_data_actions_minus_not_data_actions()
    {
        const string role = "99999999-0000-0000-0000-000000000001";
        var definition = $$"""
            {"id":"/subscriptions/{{Sub}}/providers/Microsoft.Authorization/roleDefinitions/{{role}}","type":"Microsoft.Authorization/roleDefinitions",
             "properties":{"roleName":"Wrapper","type":"CustomRole","permissions":[{"actions":[],"notActions":[],
               "dataActions":["Microsoft.KeyVault/vaults/keys/*"],"notDataActions":["Microsoft.KeyVault/vaults/keys/unwrap/action"]}]} }
            """;
        var graph = Graph(Vault(true), definition, Assignment(Rg, role));

        var access = graph.KeyAccessOf(graph.Estate.Vaults[0], "cmk", PrincipalId);

        Assert.True(access.Get);
        Assert.True(access.Wrap);
        Assert.False(access.Unwrap);
    }

    [Fact]
    public void A_role_definition_missing_from_input_and_builtins_is_undetermined_not_denied()
    {
        var graph = Graph(Vault(true), Assignment(VaultId, "99999999-0000-0000-0000-000000000002"));

        var access = graph.KeyAccessOf(graph.Estate.Vaults[0], "cmk", PrincipalId);

        Assert.False(access.IsSufficient);
        Assert.Single(access.Undetermined);
    }

    [Fact]
    public void A_management_group_assignment_covers_the_vault_only_when_the_subscription_is_known_to_be_under_it()
    {
        var atGroup = Assignment("/providers/Microsoft.Management/managementGroups/mg-platform", BuiltInRoles.KeyVaultCryptoServiceEncryptionUser);
        var subscription = $$"""
            {"id":"/subscriptions/{{Sub}}","type":"microsoft.resources/subscriptions","subscriptionId":"{{Sub}}",
             "properties":{"managementGroupAncestorsChain":[{"name":"mg-platform"},{"name":"mg-root"}]} }
            """;

        var unknown = Graph(Vault(true), atGroup);
        var known = Graph(Vault(true), atGroup, subscription);

        Assert.Single(unknown.KeyAccessOf(unknown.Estate.Vaults[0], "cmk", PrincipalId).Undetermined);
        Assert.True(known.KeyAccessOf(known.Estate.Vaults[0], "cmk", PrincipalId).IsSufficient);
    }
}
