using System.Globalization;
using System.Security.Claims;
using System.Text;
using Madoguchi.Core.Exports;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Templates;
using Madoguchi.Server.Features.Accounts;
using Microsoft.Net.Http.Headers;

namespace Madoguchi.Server.Features.Academy;

/// <summary>Academy services and the downloads of the back office: certificates and the dashboard as CSV and PDF.</summary>
public static class AcademyEndpoints
{
    public static void AddAcademy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CertificateIssuer>();
        builder.Services.AddSingleton<ICertificateIssuer>(sp => sp.GetRequiredService<CertificateIssuer>());
        builder.Services.AddScoped(sp => new AcademyService(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<TimeProvider>()) { Issuer = sp.GetService<ICertificateIssuer>() });
    }

    public static void MapAcademy(this WebApplication app)
    {
        var staff = app.MapGroup("/staff/academy").RequireAuthorization(Policies.Staff).ExcludeFromDescription();
        staff.MapGet("/certificates/{id:guid}", CertificateAsync);
        staff.MapGet("/dashboard.csv", CsvAsync);
        staff.MapGet("/dashboard.pdf", PdfAsync);
    }

    private static Guid UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    private static async Task<IResult> CertificateAsync(Guid id, ClaimsPrincipal user, HttpContext http, AcademyService academy, CancellationToken ct)
    {
        var userId = UserId(user);
        var certificate = await academy.DownloadCertificateAsync(userId, id, "staff:" + userId, ct);
        if (certificate?.Pdf is not { } pdf)
        {
            return Results.NotFound();
        }

        return File(http, pdf, "application/pdf", $"certificate-{certificate.CertificationId}-{certificate.On:yyyyMMdd}.pdf");
    }

    private static async Task<DashboardFigures?> FiguresAsync(ClaimsPrincipal user, AcademyService academy, AppDbContext db, string? department, CancellationToken ct)
    {
        if (!await academy.CanValidateAsync(UserId(user), ct))
        {
            return null;
        }

        var (catalog, _) = await academy.ProgrammeAsync(ct);
        return await new AcademyDashboard(db).ComputeAsync(catalog, academy.Today, department, ct);
    }

    /// <summary>The department table (default) or, with <c>list=behind</c>, who is behind; UTF-8 with BOM for spreadsheets.</summary>
    private static async Task<IResult> CsvAsync(string? department, string? list, ClaimsPrincipal user, HttpContext http, AcademyService academy, AppDbContext db, CancellationToken ct)
    {
        if (await FiguresAsync(user, academy, db, department, ct) is not { } f)
        {
            return Results.NotFound();
        }

        var csv = new StringBuilder();
        void Row(params object[] cells) => csv.Append(string.Join(',', cells.Select(c => Quote(Convert.ToString(c, CultureInfo.InvariantCulture) ?? "")))).Append("\r\n");
        if (list == "behind")
        {
            Row("職員番号", "氏名", "所属", "階層", "研修時間", "今日までの目安（時間）");
            foreach (var b in f.Behind)
            {
                Row(b.EmployeeNumber, b.Name, b.Department ?? "", b.TierId, Hours(b.Minutes), Hours(b.ExpectedMinutes));
            }
        }
        else
        {
            Row("所属", "在籍", "認定済み", "研修時間", "必要時間", "達成率（%）", "遅れている人");
            foreach (var d in f.Departments)
            {
                Row(d.Department, d.Members, d.Certified, Hours(d.MinutesDone), Hours(d.MinutesRequired), d.Percent, d.Behind);
            }
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return File(http, bytes, "text/csv; charset=utf-8", $"academy-{(list == "behind" ? "behind" : "departments")}-{f.Today:yyyyMMdd}.csv");
    }

    private static async Task<IResult> PdfAsync(ClaimsPrincipal user, HttpContext http, AcademyService academy, AppDbContext db, CancellationToken ct)
    {
        if (await FiguresAsync(user, academy, db, null, ct) is not { } f)
        {
            return Results.NotFound();
        }

        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        var tierRows = new List<TemplateRow>();
        for (var i = 0; i < f.Tiers.Count; i++)
        {
            var t = f.Tiers[i];
            extra[$"t{i}.key"] = t.Tier.Name.Ja;
            extra[$"t{i}.value"] = $"認定 {t.Certified} 人 / 在籍 {t.Members} 人（目標 {(t.TargetMembers?.ToString(CultureInfo.InvariantCulture) ?? "—")} 人）・研修 {Hours(t.MinutesDone)} / {Hours(t.MinutesRequired)} 時間";
            tierRows.Add(new TemplateRow { Key = $"{{{{t{i}.key}}}}", Value = $"{{{{t{i}.value}}}}" });
        }

        var deptRows = new List<TemplateRow>();
        for (var i = 0; i < f.Departments.Count; i++)
        {
            var d = f.Departments[i];
            extra[$"d{i}.key"] = d.Department.Length == 0 ? "（所属なし）" : d.Department;
            extra[$"d{i}.value"] = $"在籍 {d.Members} 人・認定 {d.Certified} 人・研修 {Hours(d.MinutesDone)} / {Hours(d.MinutesRequired)} 時間（{d.Percent}%）・遅れ {d.Behind} 人";
            deptRows.Add(new TemplateRow { Key = $"{{{{d{i}.key}}}}", Value = $"{{{{d{i}.value}}}}" });
        }

        var template = new DocumentTemplate
        {
            Id = "academy-dashboard",
            Kind = DocumentKind.Decision,
            Title = new LocalizedText("人材育成の進捗", "Academy progress"),
            Blocks =
            [
                new TemplateBlock { Type = BlockType.Heading, Text = "人材育成の進捗（{{organisation.name}}）" },
                new TemplateBlock { Type = BlockType.Line, Align = TextAlign.Right, Text = "{{today.wareki}} 時点" },
                new TemplateBlock { Type = BlockType.Paragraph, Text = "階層ごとの目標と実績" },
                new TemplateBlock { Type = BlockType.Table, Rows = tierRows },
                new TemplateBlock { Type = BlockType.Space, Size = 6 },
                new TemplateBlock { Type = BlockType.Paragraph, Text = "所属ごとの実績" },
                new TemplateBlock { Type = BlockType.Table, Rows = deptRows },
            ],
        };
        var rendered = DocumentRenderer.Render(template, new DocumentData { OrganisationName = await academy.OrganisationNameAsync(ct), Today = f.Today, Extra = extra });
        return File(http, rendered.Pdf, "application/pdf", $"academy-{f.Today:yyyyMMdd}.pdf");
    }

    private static string Hours(long minutes) => (minutes / 60m).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Quote(string cell)
    {
        cell = FormulaGuard.Neutralise(cell);
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private static IResult File(HttpContext http, byte[] bytes, string contentType, string name)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(bytes, contentType);
    }
}
