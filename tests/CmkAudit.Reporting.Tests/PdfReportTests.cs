using CmkAudit.Reporting.Pdf;
using CmkAudit.Reporting.Writers;
using UglyToad.PdfPig;

namespace CmkAudit.Reporting.Tests;

public sealed class PdfReportTests
{
    private static readonly Lazy<List<string>> DemoPages = new(() => Pages(DemoReport.Render(new PdfReportWriter(), DemoReport.Value.Value)));

    private static List<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))];
    }

    [Fact]
    public void The_demo_pdf_reads_from_cover_to_appendix_with_page_numbers()
    {
        var pages = DemoPages.Value;
        var text = string.Join("\n", pages);

        Assert.Contains("customer-managed key audit", pages[0], StringComparison.Ordinal);
        Assert.Contains("b72a4e8a", pages[0], StringComparison.Ordinal);
        foreach (var section in new[] { "Executive summary", "Compliance matrix", "Key chains", "Findings", "Suppression register", "Appendix: rule catalogue" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i], StringComparison.Ordinal);
        }
        Assert.Contains("crcontosolegacy", text, StringComparison.Ordinal);
        Assert.Contains("CMK4004 OrphanedIdentityWithKeyAccess", text, StringComparison.Ordinal);
        Assert.Contains("data-team@contoso.com", text, StringComparison.Ordinal);
        Assert.Contains("az keyvault update", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_example_pdf_has_the_current_text()
    {
        var path = Path.Combine(CmkAudit.Tests.RepositoryPaths.Root, "reports", "examples", "report.pdf");
        if (Environment.GetEnvironmentVariable("CMKAUDIT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(path, DemoReport.Render(new PdfReportWriter(), DemoReport.Value.Value));
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with CMKAUDIT_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(DemoPages.Value, Pages(File.ReadAllBytes(path)));
    }

    [Fact]
    public void The_same_report_gives_the_same_text()
    {
        var again = Pages(DemoReport.Render(new PdfReportWriter(), DemoReport.Build([CmkAudit.Tests.RepositoryPaths.Demo])));

        Assert.Equal(DemoPages.Value, again);
    }

    [Fact]
    public void Bookmarks_lead_to_every_section()
    {
        using var document = PdfDocument.Open(DemoReport.Render(new PdfReportWriter(), DemoReport.Value.Value));

        Assert.True(document.TryGetBookmarks(out var bookmarks));
        Assert.Equal(
            ["Azure Container Registry customer-managed key audit", "Executive summary", "Compliance matrix", "Key chains", "Findings", "Suppression register", "Appendix: rule catalogue"],
            bookmarks.Roots.Select(b => b.Title));
    }

    [Fact]
    public void A_missing_font_is_a_clear_error_not_a_blank_pdf()
    {
        var writer = new PdfReportWriter(() => PdfFontFiles.Find([("/nonexistent/Sans.ttf", "/nonexistent/Sans-Bold.ttf")]));

        var error = Assert.Throws<ReportOutputException>(() => DemoReport.Render(writer, DemoReport.Value.Value));

        Assert.Contains("No font for the PDF report", error.Message, StringComparison.Ordinal);
        Assert.Contains("fonts-dejavu-core", error.Message, StringComparison.Ordinal);
    }
}
