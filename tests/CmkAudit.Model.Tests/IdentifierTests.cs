using CmkAudit.Model.Authorization;

namespace CmkAudit.Model.Tests;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("https://kv1.vault.azure.net/keys/cmk", "kv1.vault.azure.net", "cmk", null)]
    [InlineData("https://KV1.Vault.Azure.Net:443/keys/cmk/", "kv1.vault.azure.net", "cmk", null)]
    [InlineData("https://kv1.vault.azure.net:443/keys/cmk/FD618D9519B74F9AAE94ADE66B876ACC", "kv1.vault.azure.net", "cmk", "fd618d9519b74f9aae94ade66b876acc")]
    [InlineData("https://westus.hsm1.managedhsm.azure.net/keys/k1", "westus.hsm1.managedhsm.azure.net", "k1", null)]
    public void Key_uris_are_normalised(string text, string host, string name, string? version)
    {
        var uri = KeyUri.TryParse(text);

        Assert.NotNull(uri);
        Assert.Equal(host, uri.Host);
        Assert.Equal(name, uri.KeyName);
        Assert.Equal(version, uri.Version);
        Assert.Equal($"https://{host}/keys/{name}", uri.VersionlessUri);
    }

    [Fact]
    public void Managed_hsm_hosts_are_recognised_by_suffix()
    {
        Assert.Equal(KeyStoreKind.ManagedHsm, KeyUri.TryParse("https://westus.hsm1.managedhsm.azure.net/keys/k1")!.StoreKind);
        Assert.Equal(KeyStoreKind.Vault, KeyUri.TryParse("https://kv.vault.usgovcloudapi.net/keys/k1")!.StoreKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://kv1.vault.azure.net/keys/cmk")]
    [InlineData("https://kv1.vault.azure.net/secrets/cmk")]
    [InlineData("https://kv1.vault.azure.net:8443/keys/cmk")]
    [InlineData("https://kv1.vault.azure.net/keys/cmk/not-a-version")]
    public void Non_key_uris_are_rejected(string text) => Assert.Null(KeyUri.TryParse(text));

    [Theory]
    [InlineData("/", true)]
    [InlineData("/subscriptions/S1", true)]
    [InlineData("/subscriptions/s1/resourcegroups/RG", true)]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", true)]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/cmk/", true)]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/other", false)]
    [InlineData("/subscriptions/s1/resourceGroups/r", false)]
    [InlineData("/subscriptions/s2", false)]
    public void Scopes_cover_a_key_only_when_they_are_it_or_an_ancestor(string scope, bool covers) =>
        Assert.Equal(covers, ArmId.ScopeCovers(scope, "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/cmk"));

    [Fact]
    public void Resource_group_names_with_brackets_and_dots_are_read()
    {
        const string id = "/subscriptions/s1/resourceGroups/rg-payments(eu).prod/providers/Microsoft.ContainerRegistry/registries/cr";

        Assert.Equal("rg-payments(eu).prod", ArmId.ResourceGroupOf(id));
        Assert.Equal("s1", ArmId.SubscriptionOf(id));
        Assert.Equal("mg-root", ArmId.ManagementGroupOf("/providers/Microsoft.Management/managementGroups/mg-root"));
        Assert.Null(ArmId.ManagementGroupOf("/subscriptions/s1"));
    }

    [Theory]
    [InlineData("Microsoft.KeyVault/vaults/keys/wrap/action", "Microsoft.KeyVault/vaults/keys/wrap/action", true)]
    [InlineData("microsoft.keyvault/VAULTS/keys/wrap/action", "Microsoft.KeyVault/vaults/keys/wrap/action", true)]
    [InlineData("Microsoft.KeyVault/vaults/*", "Microsoft.KeyVault/vaults/keys/wrap/action", true)]
    [InlineData("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/keys/read", true)]
    [InlineData("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/keys/wrap/action", false)]
    [InlineData("*", "Microsoft.KeyVault/vaults/write", true)]
    [InlineData("Microsoft.KeyVault/vaults/keys/*/action", "Microsoft.KeyVault/vaults/keys/read", false)]
    public void Permission_patterns_match_with_wildcards_ignoring_case(string pattern, string action, bool matches) =>
        Assert.Equal(matches, Wildcard.Matches(pattern, action));

    [Fact]
    public void Built_in_roles_grant_what_microsoft_documents()
    {
        var roles = BuiltInRoles.All.ToDictionary(r => r.RoleName);
        const string wrap = "Microsoft.KeyVault/vaults/keys/wrap/action";

        Assert.True(PermissionMatcher.GrantsDataAction(roles["Key Vault Crypto Service Encryption User"], wrap));
        Assert.True(PermissionMatcher.GrantsDataAction(roles["Key Vault Administrator"], wrap));
        Assert.True(PermissionMatcher.GrantsDataAction(roles["Key Vault Reader"], "Microsoft.KeyVault/vaults/keys/read"));
        Assert.False(PermissionMatcher.GrantsDataAction(roles["Key Vault Reader"], wrap));
        Assert.False(PermissionMatcher.GrantsDataAction(roles["Owner"], wrap));
        Assert.True(PermissionMatcher.GrantsAction(roles["Owner"], "Microsoft.Authorization/roleAssignments/write"));
        Assert.False(PermissionMatcher.GrantsAction(roles["Contributor"], "Microsoft.Authorization/roleAssignments/write"));
        Assert.True(PermissionMatcher.GrantsAction(roles["Contributor"], "Microsoft.KeyVault/vaults/accessPolicies/write"));
    }
}
