using CmkAudit.Reporting.Writers;
using CmkAudit.Tests;

namespace CmkAudit.Reporting.Tests;

/// <summary>
/// reports/examples holds the demo estate's reports; this test is their only producer. It fails when a writer's
/// output changes; run with CMKAUDIT_UPDATE_GOLDEN=1 to accept the change, then review the diff.
/// </summary>
public sealed class GoldenOutputTests
{
    /// <summary>Text formats are compared byte for byte; the PDF carries a random file id and font tags, so its text is checked instead.</summary>
    public static TheoryData<string> Formats() => [.. ReportWriters.Names.Where(n => n != "pdf")];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Demo_report_matches_the_committed_example(string format)
    {
        foreach (var (name, actual) in DemoReport.RenderAll(ReportWriters.Find(format)!, DemoReport.Value.Value))
        {
            var path = Path.Combine(RepositoryPaths.Root, "reports", "examples", name);
            if (Environment.GetEnvironmentVariable("CMKAUDIT_UPDATE_GOLDEN") == "1")
            {
                File.WriteAllBytes(path, actual);
            }

            Assert.True(File.Exists(path), $"{path} is missing; run the tests with CMKAUDIT_UPDATE_GOLDEN=1 to create it.");
            Assert.Equal(File.ReadAllText(path), System.Text.Encoding.UTF8.GetString(actual));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Output_is_byte_identical_across_runs_and_uses_lf_only(string format)
    {
        var writer = ReportWriters.Find(format)!;

        var first = DemoReport.RenderAll(writer, DemoReport.Build([RepositoryPaths.Demo]));
        var second = DemoReport.RenderAll(writer, DemoReport.Build([RepositoryPaths.Demo]));

        Assert.Equal(first.Keys, second.Keys);
        foreach (var (name, bytes) in first)
        {
            Assert.Equal(bytes, second[name]);
            Assert.DoesNotContain((byte)'\r', bytes);
        }
    }
}
