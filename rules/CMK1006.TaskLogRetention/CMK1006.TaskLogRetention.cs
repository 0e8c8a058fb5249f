using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;

namespace CmkAudit.Rules;

public sealed class TaskLogRetention : RegistryRule
{
    public override RuleDescriptor Descriptor { get; } = new(
        "CMK1006",
        nameof(TaskLogRetention),
        "ACR Tasks run logs on a CMK registry are exported",
        SubjectKind.Registry,
        Severity.Low,
        "In a registry encrypted with a customer-managed key, ACR Tasks run logs are kept for only 24 hours; audit trails of builds are lost unless exported.",
        "Export run logs after each run (`az acr task logs --registry <name> --run-id <id>` to storage), or send them from the task to your log platform.",
        [Compliance.McsbDp5],
        new Uri("https://learn.microsoft.com/azure/container-registry/tutorial-customer-managed-keys"))
    {
        Fix = new(FixPhase.CleanUp),
    };

    protected override Verdict Evaluate(CmkChain chain, RuleContext context)
    {
        if (RequireCmk(chain) is { } notCmk)
        {
            return notCmk;
        }
        if (!context.Graph.TasksKnownFor(chain.Registry.Id))
        {
            return Verdict.Unknown($"The input holds no {ResourceTypes.RegistryTask} documents and no collection listed this registry's tasks, so whether it runs ACR Tasks is not known.");
        }
        return context.Graph.HasTasks(chain.Registry.Id)
            ? Verdict.Fail("The registry runs ACR Tasks and is encrypted with a customer-managed key: task run logs are kept for only 24 hours. Export them.", Of(chain, "tasks", "present")).With(FixFacts.Registry(chain))
            : Verdict.Pass("The registry runs no ACR Tasks.", Of(chain, "tasks", "none"));
    }
}
