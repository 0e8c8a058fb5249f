using System.Text;
using CmkAudit.Engine;
using CmkAudit.Reporting.Writers;

namespace CmkAudit.Reporting.Tests;

public sealed class HtmlReportTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string Html(AuditReport report) => Encoding.UTF8.GetString(DemoReport.Render(new HtmlReportWriter(), report));

    [Fact]
    public void The_page_is_self_contained_and_carries_every_section()
    {
        var html = Html(DemoReport.Value.Value);

        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        foreach (var section in new[] { "Executive summary", "Compliance matrix", "Key chains", "Findings", "Suppression register", "Appendix: rule catalogue" })
        {
            Assert.Contains(section, html, StringComparison.Ordinal);
        }
        Assert.Contains("crcontosolegacy", html, StringComparison.Ordinal);
        Assert.Contains("data-outcome=\"suppressed\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_from_azure_are_html_escaped()
    {
        var hostile = new RuleResult("CMK1001", "RegistryCustomerManagedKey", "/subscriptions/s/resourceGroups/rg<script>alert(1)</script>/providers/Microsoft.ContainerRegistry/registries/cr",
            "Microsoft.ContainerRegistry/registries", Outcome.Fail, Severity.High, "tag \"><img src=x onerror=alert(2)>", [new Evidence("/x", "tags.note", "<b>bold</b>")]);

        var html = Html(DemoReport.Value.Value with { Results = [hostile], Chains = [] });

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("rg&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
    }

    [FactRequiring(Chromium, "chromium")]
    public void The_page_renders_in_headless_chromium_without_console_errors()
    {
        var folder = Directory.CreateTempSubdirectory("cmkaudit-html").FullName;
        var page = Path.Combine(folder, "report.html");
        File.WriteAllText(page, Html(DemoReport.Value.Value));
        var screenshot = Path.Combine(folder, "report.png");

        var run = ExternalTools.Run(Chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(folder, "profile")}",
            "--enable-logging=stderr", "--v=0", "--window-size=1280,2400", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri,
        ]);

        Assert.Equal(0, run.ExitCode);
        var console = run.Error.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        Assert.Contains(console, l => l.Contains("cmkaudit-report-ready", StringComparison.Ordinal));
        Assert.DoesNotContain(console, l => !l.Contains("cmkaudit-report-ready", StringComparison.Ordinal));
        Assert.DoesNotContain("Uncaught", run.Error, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot}");
    }
}
