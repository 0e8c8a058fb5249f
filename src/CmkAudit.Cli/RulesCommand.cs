using System.CommandLine;
using CmkAudit.Engine;
using CmkAudit.Rules;

namespace CmkAudit.Cli;

/// <summary>`cmkaudit rules` lists the catalogue; `cmkaudit rules show ID` prints one rule's doc page.</summary>
internal static class RulesCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var rules = new Command("rules", "List the rule catalogue.");
        rules.SetAction(_ =>
        {
            var width = RulePack.All.Max(r => r.Descriptor.Name.Length);
            environment.Out.WriteLine($"{"ID",-8} {"SEVERITY",-9} {"SUBJECT",-9} {"NAME".PadRight(width)} TITLE");
            foreach (var d in RulePack.All.Select(r => r.Descriptor))
            {
                environment.Out.WriteLine($"{d.Id,-8} {d.DefaultSeverity.ToName(),-9} {d.Subject.ToString().ToLowerInvariant(),-9} {d.Name.PadRight(width)} {d.Title}");
            }
            return ExitCodes.Success;
        });

        var id = new Argument<string>("id") { Description = "A rule id, e.g. CMK1001." };
        var show = new Command("show", "Print a rule's doc page: what it checks, why, how to fix, references.") { id };
        show.SetAction(parse =>
        {
            var ruleId = parse.GetValue(id)!;
            if (RulePack.Find(ruleId) is not { } rule)
            {
                environment.Error.WriteLine($"error: '{ruleId}' is not a rule id; run 'cmkaudit rules' for the list.");
                return ExitCodes.UsageOrInputError;
            }
            environment.Out.Write(RulePack.DocPage(rule.Descriptor));
            return ExitCodes.Success;
        });
        rules.Subcommands.Add(show);

        var folder = new Argument<string>("folder") { Description = "Where to write the pages, e.g. docs/rules." };
        var export = new Command("export-docs", "Write one Markdown page per rule, and an index, generated from the rule folders.") { folder };
        export.SetAction(parse =>
        {
            var target = parse.GetValue(folder)!;
            try
            {
                Directory.CreateDirectory(target);
                foreach (var (name, text) in RuleDocs.Pages())
                {
                    File.WriteAllText(Path.Combine(target, name), text);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                environment.Error.WriteLine($"error: cannot write the rule pages to '{target}': {e.Message}");
                return ExitCodes.RuntimeFailure;
            }
            environment.Out.WriteLine($"wrote {RuleDocs.Pages().Count} pages to {target}");
            return ExitCodes.Success;
        });
        rules.Subcommands.Add(export);
        return rules;
    }
}
