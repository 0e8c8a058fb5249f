using CmkAudit.Model.Graph;

namespace CmkAudit.Engine;

/// <summary>
/// Runs every rule over every subject it declares. A rule that throws yields an <see cref="Outcome.Error"/>
/// result for that (rule, resource) and the scan goes on; results come out ordered by rule id, then resource id.
/// </summary>
public static class RuleEngine
{
    public static IReadOnlyList<RuleResult> Run(IReadOnlyList<Rule> rules, EstateGraph graph, ScanConfiguration configuration, DateTimeOffset now)
    {
        var context = new RuleContext(graph, configuration, now);
        var perRule = new List<RuleResult>[rules.Count];
        Parallel.For(0, rules.Count, i => perRule[i] = RunRule(rules[i], context));
        return perRule
            .SelectMany(r => r)
            .OrderBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.ResourceId, StringComparer.Ordinal)
            .ToList();
    }

    private static List<RuleResult> RunRule(Rule rule, RuleContext context)
    {
        var descriptor = rule.Descriptor;
        var severity = context.Configuration.SeverityOf(descriptor);
        var results = new List<RuleResult>();
        List<Subject> subjects;
        try
        {
            subjects = rule.SubjectsOf(context).ToList();
        }
        catch (Exception e)
        {
            results.Add(new RuleResult(descriptor.Id, descriptor.Name, "/", "", Outcome.Error, severity, $"The rule failed to list its resources: {Describe(e)}", []));
            return results;
        }
        foreach (var subject in subjects)
        {
            Verdict verdict;
            try
            {
                verdict = rule.Evaluate(subject, context);
            }
            catch (Exception e)
            {
                verdict = new Verdict(Outcome.Error, $"The rule crashed on this resource: {Describe(e)}", []);
            }
            results.Add(new RuleResult(descriptor.Id, descriptor.Name, subject.ResourceId, subject.ResourceType, verdict.Outcome, severity, verdict.Message, verdict.Evidence)
            {
                Facts = verdict.Facts,
            });
        }
        return results;
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
