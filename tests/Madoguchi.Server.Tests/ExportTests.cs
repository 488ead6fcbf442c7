using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Exports;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed class ExportTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static async Task<List<string>> SubmitSomeAsync(TestTenant tenant, params string[] notes)
    {
        var receipts = new List<string>();
        foreach (var note in notes)
        {
            var answers = ValidAnswers();
            answers["note"] = note;
            using var response = await SubmitAsync(tenant.Api, AllTypesSlug, Body(answers));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            receipts.Add((await ReadJsonAsync(response))["receiptNumber"]!.GetValue<string>());
        }

        return receipts;
    }

    private static List<List<string>> Csv(byte[] bytes) => Madoguchi.Core.Tests.Exports.TestCsv.Parse(bytes);

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_format_exports_the_procedures_applications_and_is_audited_without_answers(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var receipts = await SubmitSomeAsync(tenant, "=1+1", "@SUM(A1)", "普通の備考");

        using var csv = await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("3", csv.Headers.GetValues("X-Export-Rows").Single());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, bytes[0]);
        var rows = Csv(bytes);
        Assert.Equal(4, rows.Count);
        var header = rows[0];
        Assert.Equal(["receiptNumber", "submittedAt", "status", "channel", "name"], header.Take(5));
        Assert.Equal(receipts.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal));
        var notes = rows.Skip(1).Select(r => r[header.IndexOf("note")]).ToList();
        Assert.Contains("'=1+1", notes);
        Assert.Contains("'@SUM(A1)", notes);
        Assert.Contains("普通の備考", notes);
        Assert.All(rows.Skip(1), r => Assert.Equal("3", r[header.IndexOf("count")]));
        Assert.All(rows.Skip(1), r => Assert.Equal("2026-04-01", r[header.IndexOf("day")]));
        Assert.All(rows.Skip(1), r => Assert.EndsWith("+09:00", r[1], StringComparison.Ordinal));

        var bom = await tenant.Api.GetByteArrayAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv-bom");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bom[..3]);

        var sjis = await tenant.Api.GetByteArrayAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=sjis");
        var decoded = CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetString(sjis);
        Assert.Contains("普通の備考", decoded, StringComparison.Ordinal);

        using (var xlsx = new MemoryStream(await tenant.Api.GetByteArrayAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=xlsx")))
        using (var doc = SpreadsheetDocument.Open(xlsx, false))
        {
            var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
            Assert.Equal(4, sheet.Descendants<Row>().Count());
            Assert.Empty(sheet.Descendants<CellFormula>());
            Assert.Contains(sheet.Descendants<Cell>(), c => c.DataType?.Value == CellValues.InlineString && c.InnerText == "=1+1");
        }

        var jsonl = (await tenant.Api.GetStringAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, jsonl.Length);
        Assert.All(jsonl, line => Assert.Equal(3, JsonNode.Parse(line)!["answers"]!["count"]!.GetValue<int>()));

        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
        var audits = await db.AuditRecords.AsNoTracking().Where(a => a.Action == "procedure.exported").ToListAsync();
        Assert.Equal(5, audits.Count);
        Assert.All(audits, a => Assert.StartsWith("apikey:", a.Actor, StringComparison.Ordinal));
        Assert.Contains(audits, a => a.Details!.Contains("\"format\":\"xlsx\"", StringComparison.Ordinal) && a.Details.Contains("\"rows\":3", StringComparison.Ordinal));
        Assert.All(audits, a => Assert.DoesNotContain("山田", a.Details, StringComparison.Ordinal));
        Assert.All(audits, a => Assert.DoesNotContain("taro@", a.Details, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Filters_restrict_the_rows_and_bad_parameters_are_refused(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        await SubmitSomeAsync(tenant, "a", "b");

        async Task<int> RowsAsync(string query)
        {
            using var response = await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv&{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Csv(await response.Content.ReadAsByteArrayAsync()).Count - 1;
        }

        Assert.Equal(2, await RowsAsync("status=Received"));
        Assert.Equal(0, await RowsAsync("status=Approved"));
        Assert.Equal(0, await RowsAsync("from=2099-01-01T00:00:00Z"));
        Assert.Equal(2, await RowsAsync("from=2000-01-01T00:00:00Z&to=2099-01-01T00:00:00Z"));

        foreach (var bad in new[] { "format=pdf", "status=Nope", "repeats=nest", "dates=showa", "from=2026-02-01&to=2026-01-01", "format=sjis&replacement=%F0%A0%AE%B7" })
        {
            using var response = await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await ReadJsonAsync(response);
            Assert.False(string.IsNullOrEmpty(problem["en"]?.GetValue<string>()), bad);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Api.GetAsync("/api/v1/procedures/no-such/export")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Shift_jis_export_with_unmappable_characters_is_refused_with_row_and_column_unless_a_replacement_is_chosen(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        await SubmitSomeAsync(tenant, "髙橋さん", "𠮷野さん😀");

        using var refused = await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=sjis");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await ReadJsonAsync(refused);
        Assert.Equal(2, problem["count"]!.GetValue<int>());
        var list = problem["unmappable"]!.AsArray();
        Assert.Equal(["U+20BB7", "U+1F600"], list.Select(u => u!["codePoint"]!.GetValue<string>()));
        Assert.All(list, u => Assert.Equal("note", u!["column"]!.GetValue<string>()));
        Assert.All(list, u => Assert.InRange(u!["row"]!.GetValue<int>(), 1, 2));

        using var replaced = await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=sjis&replacement=%E3%80%93");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("2", replaced.Headers.GetValues("X-Export-Replaced").Single());
        var text = CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetString(await replaced.Content.ReadAsByteArrayAsync());
        Assert.Contains("〓野さん〓", text, StringComparison.Ordinal);
        Assert.Contains("髙橋さん", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Another_tenants_key_cannot_export_or_read_mappings(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var a = await factory.CreateTenantAsync();
        var b = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(a);
        await SubmitSomeAsync(a, "secret");

        // Another tenant's procedures do not exist for B (404, as everywhere in the API: existence is not revealed).
        Assert.Equal(HttpStatusCode.NotFound, (await b.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=files")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export-mappings")).StatusCode);
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv")).StatusCode);

        // B's own procedure of the same slug exports only B's (no) applications.
        await PublishAllTypesAsync(b);
        var rows = Csv(await b.Api.GetByteArrayAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv"));
        Assert.Single(rows);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Attachments_are_zipped_as_receipt_field_name(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var submitted = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers(), new JsonObject
        {
            ["doc"] = new JsonArray(FileEntry("..\\計画書.pdf", "application/pdf", SmallPdf), FileEntry("計画書.pdf", "application/pdf", SmallPdf)),
        }));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var receipt = (await ReadJsonAsync(submitted))["receiptNumber"]!.GetValue<string>();

        using var response = await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=files");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, names.Count);
        Assert.All(names, n => Assert.StartsWith($"{receipt}/doc/", n, StringComparison.Ordinal));
        Assert.All(names, n => Assert.DoesNotContain("..", n, StringComparison.Ordinal));
        Assert.Contains($"{receipt}/doc/計画書 (2).pdf", names);
        using var entry = zip.Entries[0].Open();
        using var copy = new MemoryStream();
        await entry.CopyToAsync(copy);
        Assert.Equal(SmallPdf, copy.ToArray());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_saved_mapping_shapes_the_export_and_a_bad_one_is_refused_with_paths(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var receipts = await SubmitSomeAsync(tenant, "x");

        using var bad = await tenant.Api.PutAsync($"/api/v1/procedures/{AllTypesSlug}/export-mappings/kikan", new StringContent("""
            { "format": 1, "columns": [ { "source": "nosuch" }, { "source": "kind", "codes": { "a": "01" } } ] }
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var paths = (await ReadJsonAsync(bad))["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        Assert.Equal(["$.columns[0].source", "$.columns[1].codes"], paths);

        using var good = await tenant.Api.PutAsync($"/api/v1/procedures/{AllTypesSlug}/export-mappings/kikan", new StringContent("""
            { "format": 1, "dateFormat": "yyyymmdd", "columns": [
              { "source": "receiptNumber", "header": "UKE_NO" },
              { "source": "kind", "header": "SHUBETSU", "codes": { "a": "01", "b": "02" } },
              { "source": "day", "header": "HIZUKE", "dateFormat": "wareki" },
              { "source": "submittedAt", "header": "SHINSEI_BI" } ] }
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var list = await tenant.Api.GetFromJsonAsync<JsonArray>($"/api/v1/procedures/{AllTypesSlug}/export-mappings");
        Assert.Equal("kikan", list!.Single()!["name"]!.GetValue<string>());

        var rows = Madoguchi.Core.Tests.Exports.TestCsv.Parse(CodePagesEncodingProvider.Instance.GetEncoding(932)!.GetString(await tenant.Api.GetByteArrayAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=sjis&mapping=kikan")));
        Assert.Equal(["UKE_NO", "SHUBETSU", "HIZUKE", "SHINSEI_BI"], rows[0]);
        Assert.Equal(receipts[0], rows[1][0]);
        Assert.Equal("01", rows[1][1]);
        Assert.Equal("令和8年4月1日", rows[1][2]);
        Assert.Matches("^20[0-9]{6}$", rows[1][3]);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Api.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?mapping=other")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Keyset_paging_reads_every_application_once_even_with_equal_submission_times(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Slug == AllTypesSlug);
        var at = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var expected = new List<string>();
        for (var i = 0; i < 53; i++)
        {
            var receipt = $"T{i % 7:D2}-{i:D4}";
            expected.Add(receipt);
            db.Applications.Add(new Application
            {
                Id = Guid.NewGuid(),
                ProcedureId = procedure.Id,
                ProcedureVersionId = procedure.PublishedVersionId!.Value,
                ReceiptNumber = receipt,
                Status = i % 5 == 0 ? ApplicationStatus.Approved : ApplicationStatus.Received,
                Channel = IntakeChannel.Paper,
                AnswersJson = "{}",
                SubmittedAt = at.AddMinutes(i % 4), // many share a time: the receipt number breaks the tie
            });
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        foreach (var batchSize in new[] { 1, 7, 10, 53, 100 })
        {
            var seen = new List<string>();
            var batches = 0;
            await foreach (var batch in ExportReader.BatchesAsync(db, procedure.Id, new ExportFilter(null, null, null), batchSize))
            {
                batches++;
                Assert.InRange(batch.Count, 1, batchSize);
                seen.AddRange(batch.Select(r => r.Record.ReceiptNumber));
            }

            Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal((53 + batchSize - 1) / batchSize, batches);
        }

        var approved = new List<string>();
        await foreach (var batch in ExportReader.BatchesAsync(db, procedure.Id, new ExportFilter(ApplicationStatus.Approved, null, null), 3))
        {
            approved.AddRange(batch.Select(r => r.Record.ReceiptNumber));
        }

        Assert.Equal(expected.Where((_, i) => i % 5 == 0).Order(StringComparer.Ordinal), approved.Order(StringComparer.Ordinal));
        Assert.Equal(approved.Count, approved.Distinct().Count());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Signed_in_staff_export_with_the_query_the_versions_page_form_sends(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        await SubmitSomeAsync(tenant, "a");
        using var mapping = await tenant.Api.PutAsync($"/api/v1/procedures/{AllTypesSlug}/export-mappings/kikan", new StringContent("""
            { "columns": [ { "source": "receiptNumber" } ] }
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, mapping.StatusCode);

        // The versions page's export form (ExportPanel, rendered on the live circuit) submits exactly this query with the staff cookie.
        var staff = await PortalClient.SignInAsync(factory, tenant);
        using var response = await staff.GetAsync($"/api/v1/procedures/{AllTypesSlug}/export?format=csv-bom&repeats=flatten&choices=label&dates=wareki&mapping=&status=");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var rows = Csv(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal("甲", rows[1][rows[0].IndexOf("kind")]);
        Assert.Equal("令和8年4月1日", rows[1][rows[0].IndexOf("day")]);

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<Madoguchi.Data.AppDbContext>();
        Assert.True(await db.AuditRecords.AnyAsync(a => a.Action == "procedure.exported" && a.Actor.StartsWith("staff:")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Repeat_groups_as_child_tables_come_as_a_zip_of_csv_files_keyed_by_receipt_number(string provider)
    {
        var tenant = await (await TestServers.GetAsync(provider)).CreateTenantAsync();
        const string Definition = """
            {
              "format": 1, "slug": "invoices", "title": { "ja": "請求", "en": "Invoices" }, "department": { "ja": "会計課", "en": "Accounts" },
              "pages": [ { "id": "p1", "title": { "ja": "1", "en": "1" }, "fields": [
                { "id": "who", "type": "text", "label": { "ja": "氏名", "en": "Name" }, "required": true },
                { "id": "invoices", "type": "repeat", "label": { "ja": "請求書", "en": "Invoices" }, "maxRows": 3, "fields": [
                  { "id": "amount", "type": "integer", "label": { "ja": "金額", "en": "Amount" }, "required": true },
                  { "id": "memo", "type": "text", "label": { "ja": "摘要", "en": "Memo" } } ] } ] } ]
            }
            """;
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(Definition, Encoding.UTF8, "application/json")))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.PostAsync("/api/v1/procedures/invoices/publish", null)).StatusCode);
        using var submitted = await SubmitAsync(tenant.Api, "invoices", Body(new JsonObject
        {
            ["who"] = "山田",
            ["invoices"] = new JsonArray(new JsonObject { ["amount"] = 100, ["memo"] = "-5%" }, new JsonObject { ["amount"] = -20 }),
        }));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var receipt = (await ReadJsonAsync(submitted))["receiptNumber"]!.GetValue<string>();

        var flat = Csv(await tenant.Api.GetByteArrayAsync("/api/v1/procedures/invoices/export?format=csv"));
        Assert.Equal(["who", "invoices[1].amount", "invoices[1].memo", "invoices[2].amount", "invoices[2].memo", "invoices[3].amount", "invoices[3].memo"], flat[0].Skip(4));
        Assert.Equal(["山田", "100", "'-5%", "-20", "", "", ""], flat[1].Skip(4));

        using var response = await tenant.Api.GetAsync("/api/v1/procedures/invoices/export?format=csv&repeats=child");
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["applications.csv", "invoices.csv"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var child = new MemoryStream();
        await using (var entry = zip.GetEntry("invoices.csv")!.Open())
        {
            await entry.CopyToAsync(child);
        }

        var rows = Csv(child.ToArray());
        Assert.Equal(["receiptNumber", "row", "amount", "memo"], rows[0]);
        Assert.Equal([receipt, "1", "100", "'-5%"], rows[1]);
        Assert.Equal([receipt, "2", "-20", ""], rows[2]);
    }
}
