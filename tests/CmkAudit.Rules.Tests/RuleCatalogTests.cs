using System.Text.RegularExpressions;
using CmkAudit.Engine;
using CmkAudit.Tests;

namespace CmkAudit.Rules.Tests;

/// <summary>Rules about rules: the catalogue matches the design, and every rule has its code, doc page and fixtures.</summary>
public sealed partial class RuleCatalogTests
{
    /// <summary>The design's catalogue: ids are forever, so any change here is a reviewed decision.</summary>
    private static readonly (string Id, string Name, SubjectKind Subject, Severity Severity)[] Design =
    [
        ("CMK1001", "RegistryCustomerManagedKey", SubjectKind.Registry, Severity.High),
        ("CMK1002", "RegistryPremiumSku", SubjectKind.Registry, Severity.Medium),
        ("CMK1003", "EncryptionIdentityAssigned", SubjectKind.Registry, Severity.Critical),
        ("CMK1004", "FirewalledVaultUsesSystemIdentity", SubjectKind.Registry, Severity.Medium),
        ("CMK1005", "ContentTrustConflict", SubjectKind.Registry, Severity.Medium),
        ("CMK1006", "TaskLogRetention", SubjectKind.Registry, Severity.Low),
        ("CMK1007", "KeyAutoRotation", SubjectKind.Registry, Severity.Low),
        ("CMK1008", "KeyVersionCurrent", SubjectKind.Registry, Severity.Medium),
        ("CMK2001", "VaultSoftDelete", SubjectKind.Vault, Severity.High),
        ("CMK2002", "VaultPurgeProtection", SubjectKind.Vault, Severity.High),
        ("CMK2003", "VaultTrustedServicesBypass", SubjectKind.Vault, Severity.High),
        ("CMK3001", "KeyUsable", SubjectKind.Key, Severity.Critical),
        ("CMK3002", "KeyTypeSupported", SubjectKind.Key, Severity.High),
        ("CMK3003", "KeyExpiry", SubjectKind.Key, Severity.High),
        ("CMK3004", "KeyRotationPolicy", SubjectKind.Key, Severity.Medium),
        ("CMK4001", "EncryptionIdentityKeyAccess", SubjectKind.Registry, Severity.Critical),
        ("CMK4002", "GrantInIgnoredPermissionModel", SubjectKind.Vault, Severity.High),
        ("CMK4003", "EncryptionIdentityLeastPrivilege", SubjectKind.Registry, Severity.Low),
        ("CMK4004", "OrphanedIdentityWithKeyAccess", SubjectKind.Identity, Severity.Medium),
    ];

    [Fact]
    public void Catalogue_matches_the_design_table()
    {
        var actual = RulePack.All.Select(r => (r.Descriptor.Id, r.Descriptor.Name, r.Descriptor.Subject, r.Descriptor.DefaultSeverity)).ToArray();
        Assert.Equal(Design, actual);
    }

    [Fact]
    public void Every_rule_folder_is_in_the_pack_and_named_id_dot_name()
    {
        var folders = RuleFixtureTests.RuleFolders().ToList();
        Assert.Equal(RulePack.All.Select(r => $"{r.Descriptor.Id}.{r.Descriptor.Name}"), folders);
    }

    public static TheoryData<string> RuleIds() => [.. RulePack.All.Select(r => r.Descriptor.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_complete_metadata_code_doc_page_and_fixtures(string id)
    {
        var d = RulePack.Find(id)!.Descriptor;
        Assert.Matches(IdPattern(), d.Id);
        Assert.False(string.IsNullOrWhiteSpace(d.Title));
        Assert.EndsWith(".", d.Description);
        Assert.False(string.IsNullOrWhiteSpace(d.Recommendation));
        Assert.NotEmpty(d.References);
        Assert.Equal("learn.microsoft.com", d.HelpUri.Host);

        var folder = Path.Combine(RepositoryPaths.Root, Path.GetDirectoryName(d.DocPath)!);
        Assert.True(File.Exists(Path.Combine(folder, $"{d.Id}.{d.Name}.cs")), "the rule's code sits in its folder, named after it");
        foreach (var kind in new[] { "pass", "fail" })
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, kind), "*.json"));
            Assert.True(File.Exists(Path.Combine(folder, kind, "expected.txt")));
        }

        var page = RulePack.DocPage(d);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, d.DocPath)).Replace("\r\n", "\n"), page);
        Assert.StartsWith($"# {d.Id} {d.Name}\n", page);
        foreach (var section in new[] { "## What it checks", "## Why", "## How to fix", "## References" })
        {
            Assert.Contains(section, page);
        }
        Assert.Contains(d.Title, page);
        Assert.Contains($"**{d.DefaultSeverity.ToName()}**", page);
        foreach (var reference in d.References)
        {
            Assert.Contains($"{reference.Framework} {reference.Control}", page);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void A_rule_declares_a_fix_phase_exactly_when_it_has_a_fix_template(string id)
    {
        var d = RulePack.Find(id)!.Descriptor;
        var template = RulePack.FixTemplate(d);

        Assert.Equal(d.Fix is not null, template is not null);
        Assert.Equal(template is not null, File.Exists(Path.Combine(RepositoryPaths.Root, Path.GetDirectoryName(d.DocPath)!, $"{d.Id}.fix.scriban")));
    }

    [Fact]
    public void The_docs_folder_matches_the_rule_folders()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "docs", "rules");
        var pages = RuleDocs.Pages();
        if (Environment.GetEnvironmentVariable("CMKAUDIT_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in pages)
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }
        }

        Assert.Equal(pages.Keys, Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (name, text) in pages)
        {
            Assert.True(text == File.ReadAllText(Path.Combine(folder, name)), $"docs/rules/{name} is stale: run `cmkaudit rules export-docs docs/rules`.");
        }
    }

    [Fact]
    public void Ids_and_names_are_unique()
    {
        Assert.Equal(RulePack.All.Count, RulePack.All.Select(r => r.Descriptor.Id).Distinct().Count());
        Assert.Equal(RulePack.All.Count, RulePack.All.Select(r => r.Descriptor.Name).Distinct().Count());
    }

    [GeneratedRegex(@"^CMK\d{4}$")]
    private static partial Regex IdPattern();
}
