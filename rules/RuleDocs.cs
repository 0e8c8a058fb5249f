using System.Text;
using CmkAudit.Engine;

namespace CmkAudit.Rules;

/// <summary>
/// The documentation site's rule pages, generated from the rule folders (`cmkaudit rules export-docs docs/rules`).
/// A test fails when the committed pages are stale, so the folders stay the one source.
/// </summary>
public static class RuleDocs
{
    public static SortedDictionary<string, string> Pages()
    {
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var index = new StringBuilder("# CmkAudit rules\n\n")
            .Append("<!-- Generated from the rule folders by `cmkaudit rules export-docs docs/rules`. Do not edit. -->\n\n")
            .Append("| Id | Name | Subject | Severity | Checks |\n|---|---|---|---|---|\n");
        foreach (var rule in RulePack.All.Select(r => r.Descriptor))
        {
            pages[$"{rule.Id}.md"] = $"<!-- Generated from {rule.DocPath} by `cmkaudit rules export-docs docs/rules`. Do not edit. -->\n\n" + RulePack.DocPage(rule);
            index.Append($"| [{rule.Id}]({rule.Id}.md) | {rule.Name} | {rule.Subject.ToString().ToLowerInvariant()} | {rule.DefaultSeverity.ToName()} | {rule.Title} |\n");
        }
        pages["README.md"] = index.ToString();
        return pages;
    }
}
