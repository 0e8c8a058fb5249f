using CmkAudit.Model.Input;

namespace CmkAudit.Model.Tests;

public sealed class InputLoaderTests
{
    private const string Vault = """
        {"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1","type":"Microsoft.KeyVault/vaults","name":"kv1",
         "properties":{"vaultUri":"https://kv1.vault.azure.net/","enableSoftDelete":true}}
        """;

    private static string Microsoft(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "microsoft", file);

    [Theory]
    [InlineData("[" + Vault + "]")]
    [InlineData("{\"value\":[" + Vault + "],\"nextLink\":\"https://management.azure.com/next\"}")]
    [InlineData("{\"totalRecords\":1,\"count\":1,\"data\":[" + Vault + "],\"facets\":[],\"resultTruncated\":\"false\"}")]
    [InlineData("{\"parameters\":{},\"responses\":{\"200\":{\"body\":" + Vault + "}}}")]
    [InlineData("{\"kind\":\"CmkAuditSnapshot\",\"resources\":[" + Vault + "]}")]
    [InlineData(Vault)]
    [InlineData("\uFEFF" + Vault)]
    public void Every_input_shape_yields_the_resource(string content)
    {
        using var files = new TempFiles();
        var estate = InputLoader.Load([files.Write("input.json", content)]);

        Assert.Empty(estate.Diagnostics);
        var vault = Assert.Single(estate.Vaults);
        Assert.Equal("kv1.vault.azure.net", vault.Host);
        Assert.True(vault.EnableSoftDelete);
    }

    [Fact]
    public void Folders_are_read_recursively_and_other_files_are_skipped()
    {
        using var files = new TempFiles();
        files.Write("a/b/vault.json", Vault);
        files.Write("a/notes.txt", "not json");

        var estate = InputLoader.Load([files.Root]);

        Assert.Single(estate.Vaults);
        Assert.Single(estate.FilesRead);
    }

    [Fact]
    public void Malformed_json_names_the_file_line_and_column_and_other_files_are_still_read()
    {
        using var files = new TempFiles();
        files.Write("good.json", Vault);
        var bad = files.Write("bad.json", "[\n  {\"id\": \"x\",\n   \"type\" \"y\"}\n]");

        var estate = InputLoader.Load([files.Root]);

        var error = Assert.Single(estate.Diagnostics);
        Assert.Equal(DiagnosticCodes.MalformedJson, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(bad, error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(11, error.Column);
        Assert.Single(estate.Vaults);
    }

    [Fact]
    public void A_missing_path_and_an_empty_file_are_errors()
    {
        using var files = new TempFiles();
        var empty = files.Write("empty.json", "  \n");

        var estate = InputLoader.Load([Path.Combine(files.Root, "nope.json"), empty]);

        Assert.Equal([DiagnosticCodes.PathNotFound, DiagnosticCodes.EmptyInput, DiagnosticCodes.EmptyInput], estate.Diagnostics.Select(d => d.Code));
        Assert.True(estate.HasErrors);
    }

    [Fact]
    public void The_same_resource_twice_is_read_once_and_reformatting_does_not_matter()
    {
        using var files = new TempFiles();
        files.Write("a.json", Vault);
        files.Write("b.json", Vault.Replace("\n", "").Replace(" ", ""));

        var estate = InputLoader.Load([files.Root]);

        Assert.Empty(estate.Diagnostics);
        Assert.Single(estate.Vaults);
        Assert.Equal(1, estate.DuplicatesSkipped);
    }

    [Fact]
    public void The_same_id_with_different_content_is_an_input_error_even_in_another_case()
    {
        using var files = new TempFiles();
        files.Write("a.json", Vault);
        files.Write("b.json", Vault.Replace("\"enableSoftDelete\":true", "\"enableSoftDelete\":false").Replace("resourceGroups", "resourcegroups"));

        var estate = InputLoader.Load([files.Root]);

        var error = Assert.Single(estate.Diagnostics);
        Assert.Equal(DiagnosticCodes.DuplicateConflict, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("a.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_typed_field_becomes_a_warning_and_reads_as_absent_while_the_rest_is_kept()
    {
        using var files = new TempFiles();
        files.Write("v.json", Vault.Replace("\"enableSoftDelete\":true", "\"enableSoftDelete\":{\"on\":1},\"enablePurgeProtection\":true"));

        var estate = InputLoader.Load([files.Root]);

        var warning = Assert.Single(estate.Diagnostics);
        Assert.Equal(DiagnosticCodes.WrongFieldType, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("properties.enableSoftDelete", warning.Message, StringComparison.Ordinal);
        var vault = Assert.Single(estate.Vaults);
        Assert.Null(vault.EnableSoftDelete);
        Assert.True(vault.EnablePurgeProtection);
    }

    [Fact]
    public void Unknown_types_are_counted_and_documents_without_id_or_type_are_reported()
    {
        using var files = new TempFiles();
        files.Write("x.json", """
            [{"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1","type":"Microsoft.Storage/storageAccounts"},
             {"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st2","type":"microsoft.storage/storageaccounts"},
             {"name":"no id"}]
            """);

        var estate = InputLoader.Load([files.Root]);

        Assert.Equal(2, estate.IgnoredByType["microsoft.storage/storageaccounts"]);
        Assert.Equal(DiagnosticCodes.MissingField, Assert.Single(estate.Diagnostics).Code);
    }

    [Fact]
    public void Resources_that_carry_user_assigned_identities_are_kept_as_holders()
    {
        using var files = new TempFiles();
        files.Write("app.json", """
            {"id":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app","type":"Microsoft.Web/sites",
             "identity":{"type":"UserAssigned","userAssignedIdentities":{"/subscriptions/s1/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1":{"principalId":"p","clientId":"c"}}}}
            """);

        var estate = InputLoader.Load([files.Root]);

        var holder = Assert.Single(estate.IdentityHolders);
        Assert.Equal("Microsoft.Web/sites", holder.ResourceType);
        Assert.Single(holder.UserAssignedIdentityIds);
    }

    [Fact]
    public void A_table_format_answer_is_explained_not_misread()
    {
        var estate = InputLoader.Load([Microsoft("cli-ext-recording_2018-09-01-preview_table-format.response.json")]);

        Assert.Equal([DiagnosticCodes.UnrecognisedDocument, DiagnosticCodes.EmptyInput], estate.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Resource_graph_rows_projected_without_type_are_reported_not_guessed()
    {
        var estate = InputLoader.Load([Microsoft("cli-ext-recording_2021-03-01_query-limit2.response.json")]);

        Assert.Equal(2, estate.Diagnostics.Count(d => d.Code == DiagnosticCodes.MissingField && d.Message.Contains("'type'", StringComparison.Ordinal)));
    }

    [Fact]
    public void Two_real_documents_for_one_vault_with_different_content_conflict()
    {
        var estate = InputLoader.Load([Microsoft("spec-2024-11-01_getVault.json"), Microsoft("spec-2024-11-01_createVaultWithNetworkAcls.json")]);

        Assert.Equal(DiagnosticCodes.DuplicateConflict, Assert.Single(estate.Diagnostics).Code);
    }

    [Fact]
    public void A_real_vault_reads_its_access_policies()
    {
        var estate = InputLoader.Load([Microsoft("spec-2024-11-01_getVault.json")]);

        var vault = Assert.Single(estate.Vaults);
        Assert.Null(vault.EnablePurgeProtection);
        Assert.False(vault.UsesRbac);
        Assert.Equal(16, Assert.Single(vault.AccessPolicies!).KeyPermissions.Count);
    }

    [Fact]
    public void Microsofts_own_documents_are_read_into_the_model()
    {
        var estate = InputLoader.Load(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "microsoft"), "*.json")
            .Where(f => !f.Contains("table-format", StringComparison.Ordinal) && !f.Contains("query-limit2", StringComparison.Ordinal) && !f.Contains("getVault", StringComparison.Ordinal)));

        Assert.Empty(estate.Diagnostics);
        var key = Assert.Single(estate.Keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal(2048, key.KeySize);
        Assert.Equal("fd618d9519b74f9aae94ade66b876acc", key.CurrentVersion);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault-name", key.VaultId);
        Assert.Equal(2, estate.KeyVersions.Count);
        var hsm = Assert.Single(estate.Vaults, v => v.IsManagedHsm);
        Assert.True(hsm.UsesRbac);
        var firewalled = Assert.Single(estate.Vaults, v => v.NetworkAcls is not null);
        Assert.True(firewalled.IsFirewalled);
        Assert.Equal("AzureServices", firewalled.NetworkAcls!.Bypass);
        Assert.Null(firewalled.EnablePurgeProtection);
        Assert.All(estate.Registries, r => Assert.False(r.Encryption!.IsEnabled));
        Assert.Equal("4024ab25-56a8-4370-aea6-6389221caf29", Assert.Single(estate.Identities).ClientId);
        Assert.Equal(2, estate.RoleAssignments.Count);
        Assert.All(estate.RoleAssignments, a => Assert.Equal("/", a.Scope));
        Assert.Equal("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", estate.RoleAssignments[0].RoleDefinitionGuid);
        var builtIn = Assert.Single(estate.RoleDefinitions, d => d.IsBuiltIn);
        Assert.Equal("Key Vault Crypto Service Encryption User", builtIn.RoleName);
        Assert.Equal(3, builtIn.Permissions.Single().DataActions.Count);
    }
}
