using System.Collections.Concurrent;
using System.Globalization;
using CmkAudit.Engine;
using Scriban;
using Scriban.Runtime;

namespace CmkAudit.Reporting.Remediation;

/// <summary>A failing result's fix, in each shell.</summary>
public sealed record Fix(FixPhase Phase, string Bash, string PowerShell);

/// <summary>
/// Renders a rule's fix template (Scriban) with the facts of one failing result. The template only places values;
/// quoting is the shell's <c>q</c> function, and <c>confirm</c> / <c>end_confirm</c> wrap steps that ask first.
/// </summary>
public static class FixRenderer
{
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    public static Fix Render(RuleInfo rule, RuleResult result)
    {
        var template = Parsed.GetOrAdd(rule.FixTemplate!, text =>
        {
            var parsed = Template.Parse(text, $"{rule.Descriptor.Id}.fix.scriban");
            return parsed.HasErrors
                ? throw new InvalidOperationException($"{rule.Descriptor.Id}.fix.scriban: {string.Join("; ", parsed.Messages)}")
                : parsed;
        });
        return new Fix(rule.Descriptor.Fix!.Phase, Render(template, Shell.Bash, result.Facts), Render(template, Shell.PowerShell, result.Facts));
    }

    private static string Render(Template template, Shell shell, IReadOnlyDictionary<string, object> facts)
    {
        var globals = (ScriptObject)ToScript(facts);
        globals.SetValue("shell", shell.Name, readOnly: true);
        globals.Import("q", new Func<object?, string>(value => shell.Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")));
        globals.Import("confirm", new Func<string, string>(question => shell.Confirm(Shell.CommentText(question))));
        globals.Import("end_confirm", new Func<string>(() => shell.EndConfirm));
        var context = new TemplateContext { StrictVariables = true, NewLine = "\n", LoopLimit = 100_000 };
        context.PushGlobal(globals);
        var text = template.Render(context);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => l.Trim().Length > 0);
        return string.Join("\n", lines) + "\n";
    }

    private static object ToScript(object value) => value switch
    {
        IReadOnlyDictionary<string, object> map => map.Aggregate(new ScriptObject(), (o, kv) =>
        {
            o.SetValue(kv.Key, ToScript(kv.Value), readOnly: false);
            return o;
        }),
        IEnumerable<object> list when value is not string => new ScriptArray(list.Select(ToScript)),
        _ => value,
    };
}
