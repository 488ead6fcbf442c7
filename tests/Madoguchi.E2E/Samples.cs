using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Madoguchi.E2E;

/// <summary>One answer as a person gives it in the portal: typing, choosing, ticking or attaching.</summary>
public abstract record Answer(string FieldId)
{
    public abstract Task GiveAsync(IPage page);

    /// <summary>Text in an input or textarea (<c>#f-{id}</c>).</summary>
    public sealed record Type(string Id, string Value) : Answer(Id)
    {
        public override Task GiveAsync(IPage page) => page.Locator($"#f-{FieldId}").FillAsync(Value);
    }

    /// <summary>An option of a <c>select</c>.</summary>
    public sealed record Select(string Id, string Value) : Answer(Id)
    {
        public override Task GiveAsync(IPage page) => page.Locator($"#f-{FieldId}").SelectOptionAsync(Value);
    }

    /// <summary>A radio or checkbox in the field's fieldset: <c>#f-{id}-{option}</c> (an index, or yes/no).</summary>
    public sealed record Tick(string Id, string Option) : Answer(Id)
    {
        public override Task GiveAsync(IPage page) => page.Locator($"#f-{FieldId}-{Option}").CheckAsync();
    }

    public sealed record Attach(string Id, params FilePayload[] Files) : Answer(Id)
    {
        public override Task GiveAsync(IPage page) => page.Locator($"input[type=file]#f-{FieldId}").SetInputFilesAsync(Files);
    }
}

/// <summary>A complete, valid application to one sample procedure, page by page.</summary>
public sealed record SampleApplication(string Slug, string Title, string ApplicantName, IReadOnlyList<IReadOnlyList<Answer>> Pages);

public static class Samples
{
    public const string Tenant = "demo";
    public const string BusinessSubsidy = "business-subsidy";
    public const string ResidentRecordCopy = "resident-record-copy";
    public const string EventSponsorship = "event-sponsorship";

    public static readonly string[] Slugs = [BusinessSubsidy, ResidentRecordCopy, EventSponsorship];

    /// <summary>A valid application; <paramref name="tag"/> makes the applicant's name unique so one test finds its own.</summary>
    public static SampleApplication For(string slug, string tag) => slug switch
    {
        BusinessSubsidy => BusinessSubsidyApplication(tag),
        ResidentRecordCopy => ResidentRecordCopyApplication(tag),
        EventSponsorship => EventSponsorshipApplication(tag),
        _ => throw new ArgumentOutOfRangeException(nameof(slug), slug, "Not a sample procedure."),
    };

    public static string NewTag() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public static SampleApplication BusinessSubsidyApplication(string tag) => new(
        BusinessSubsidy,
        "小規模事業者 設備投資補助金 交付申請",
        $"株式会社まどぐち製作所{tag}",
        [
            BusinessSubsidyPage1($"株式会社まどぐち製作所{tag}"),
            [
                new Answer.Type("amountRequested", "1,500,000"),
                new Answer.Type("totalCost", "2250000"),
                new Answer.Type("startDate", "2026-06-01"),
                new Answer.Select("businessCategory", "manufacturing"),
                new Answer.Tick("purposes", "0"),
                new Answer.Tick("purposes", "1"),
                new Answer.Tick("receivedBefore", "no"),
            ],
            [
                new Answer.Attach("businessPlan", Files.Pdf("事業計画書.pdf")),
                new Answer.Attach("quotations", Files.Pdf("見積書1.pdf"), Files.Png("見積書2.png")),
            ],
        ]);

    public static IReadOnlyList<Answer> BusinessSubsidyPage1(string corporateName) =>
    [
        new Answer.Type("corporateNumber", "7000012050002"),
        new Answer.Type("corporateName", corporateName),
        new Answer.Type("representativeName", "山田　太郎"),
        new Answer.Type("representativeKana", "ヤマダ　タロウ"),
        new Answer.Type("postalCode", "100-8914"),
        new Answer.Type("address", "東京都千代田区永田町1-6-1"),
        new Answer.Type("phone", "03-1234-5678"),
        new Answer.Type("email", "info@madoguchi.example.jp"),
    ];

    public static SampleApplication ResidentRecordCopyApplication(string tag) => new(
        ResidentRecordCopy,
        "住民票の写し等交付請求",
        $"佐藤　花子{tag}",
        [
            ResidentRecordCopyPage1($"佐藤　花子{tag}"),
            [
                new Answer.Tick("certificateType", "0"),
                new Answer.Type("copies", "2"),
                new Answer.Tick("scope", "1"),
                new Answer.Tick("includeDomicile", "no"),
                new Answer.Select("purpose", "pension"),
            ],
            [
                new Answer.Attach("idDocument", Files.Png("マイナンバーカード表面.png")),
            ],
        ]);

    public static IReadOnlyList<Answer> ResidentRecordCopyPage1(string name) =>
    [
        new Answer.Type("name", name),
        new Answer.Type("nameKana", "サトウ　ハナコ"),
        new Answer.Type("birthDate", "昭和60年4月1日"),
        new Answer.Type("postalCode", "160-0023"),
        new Answer.Type("address", "東京都新宿区西新宿2-8-1 まどぐちハイツ101"),
        new Answer.Type("phone", "090-1234-5678"),
    ];

    public static SampleApplication EventSponsorshipApplication(string tag) => new(
        EventSponsorship,
        "後援名義使用承認申請",
        $"みどり市民合唱団{tag}",
        [
            [
                new Answer.Type("organisationName", $"みどり市民合唱団{tag}"),
                new Answer.Type("representative", "団長 鈴木一郎"),
                new Answer.Type("contactEmail", "choir@example.jp"),
                new Answer.Type("contactPhone", "03-9876-5432"),
            ],
            [
                new Answer.Type("eventName", "第20回 みどり市民合唱祭"),
                new Answer.Type("eventDate", "2027-03-20"),
                new Answer.Type("venue", "みどり市民文化会館 大ホール"),
                new Answer.Type("expectedParticipants", "350"),
                new Answer.Type("participationFee", "0"),
                new Answer.Type("purposeAndContent", "市内の合唱団が日頃の練習の成果を発表し、市民が音楽に親しむ機会をつくるための演奏会です。入場は無料です。"),
                new Answer.Tick("audience", "0"),
                new Answer.Tick("audience", "2"),
                new Answer.Tick("audience", "3"),
            ],
            [
                new Answer.Attach("eventPlan", Files.Pdf("企画書.pdf")),
            ],
        ]);
}

/// <summary>Small files whose bytes match their names: the server sniffs the content, not the extension.</summary>
public static class Files
{
    public static FilePayload Pdf(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = MinimalPdf() };

    public static FilePayload Png(string name) => new() { Name = name, MimeType = "image/png", Buffer = OnePixelPng() };

    /// <summary>A one-page PDF 1.4 with a correct cross-reference table.</summary>
    public static byte[] MinimalPdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A 1×1 opaque white PNG: signature, IHDR, IDAT and IEND with their CRCs.</summary>
    public static byte[] OnePixelPng() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE,
        0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xFF, 0xFF, 0x3F, 0x00, 0x05, 0xFE, 0x02, 0xFE, 0xDC, 0xCC, 0x59, 0xE7,
        0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
}
