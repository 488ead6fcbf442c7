// Notices generated and signed per second (issue 5; target ≥ 50/s on the 2-core dev machine).
// Baseline in the same run: a trivial one-page PDF with one line of ASCII text, rendered and saved by PDFsharp,
// unsigned — so the ratio shows what Japanese layout, the font subset, the seal and the PAdES signature cost.
using System.Diagnostics;
using System.Globalization;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Signing;
using Madoguchi.Documents.Templates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var workers = Environment.ProcessorCount;
var template = DocumentTemplate.BuiltIn("notice-grant");
var seal = SealImage.Generated(SealLayout.Official("金沢市長"));
using var identity = SigningIdentity.CreateDevelopment("Bench");
var signer = new PadesSigner();
var data = new DocumentData
{
    ReceiptNumber = "R8-000123", ProcedureTitle = "住宅リフォーム補助金交付申請", ApplicantName = "髙橋 一郎",
    OrganisationName = "金沢市長", Today = new DateOnly(2026, 4, 1), DecisionOutcome = "補助金 150,000円 を交付する。",
};

async Task<byte[]> Notice()
{
    var rendered = DocumentRenderer.Render(template, data, seal);
    return await signer.SignAsync(rendered.Pdf, identity, SignatureAppearance.OverPrintedSeal(rendered.OfficialSealSlot!));
}

Task<byte[]> Baseline()
{
    using var document = new PdfDocument();
    var page = document.AddPage();
    using (var gfx = XGraphics.FromPdfPage(page))
    {
        gfx.DrawString("Notice R8-000123", new XFont("IPAexMincho", 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset)), XBrushes.Black, 50, 50);
    }

    using var stream = new MemoryStream();
    document.Save(stream, false);
    return Task.FromResult(stream.ToArray());
}

async Task<(double PerSecond, long Bytes)> Measure(string name, Func<Task<byte[]>> work)
{
    for (var i = 0; i < 20; i++)
    {
        await work();
    }

    long count = 0, bytes = 0;
    var stopwatch = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            var pdf = await work();
            Interlocked.Increment(ref count);
            Interlocked.Exchange(ref bytes, pdf.Length);
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    var perSecond = count / stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {count} in {stopwatch.Elapsed.TotalSeconds:0.0} s = {perSecond:0.0}/s ({bytes} bytes each)"));
    return (perSecond, bytes);
}

Madoguchi.Documents.Fonts.DocumentFonts.EnsureInstalled();
var baseline = await Measure("baseline (trivial PDF, unsigned)", Baseline);
var notices = await Measure("notices (render + seal + PAdES sign)", Notice);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT notices/s={notices.PerSecond:0.0} baseline/s={baseline.PerSecond:0.0} ratio={notices.PerSecond / baseline.PerSecond:0.000} workers={workers} seconds={seconds}"));
