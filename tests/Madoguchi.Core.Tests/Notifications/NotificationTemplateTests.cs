using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Notifications;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Notifications;

public sealed class NotificationTemplateTests
{
    private const string Valid = """
        {
          "format": 1,
          "slug": "dog-registration",
          "title": { "ja": "犬の登録", "en": "Dog registration" },
          "department": { "ja": "環境課" },
          "applicantNameField": "ownerName",
          "applicantEmailField": "ownerEmail",
          "pages": [
            {
              "id": "owner",
              "title": { "ja": "飼い主" },
              "fields": [
                { "id": "ownerName", "type": "text", "label": { "ja": "氏名" }, "required": true },
                { "id": "ownerEmail", "type": "email", "label": { "ja": "メールアドレス" } },
                { "id": "pets", "type": "repeat", "label": { "ja": "犬" }, "fields": [
                  { "id": "petEmail", "type": "email", "label": { "ja": "連絡先" } } ] }
              ]
            }
          ]
        }
        """;

    private static readonly Dictionary<string, string> Values = new()
    {
        ["receiptNumber"] = "ABCD-EFGH-J",
        ["procedureTitle"] = "犬の登録",
        ["statusUrl"] = "https://example.jp/p/demo/status",
        ["organization"] = "見本市",
        ["contact"] = "環境課 03-1234-5678",
        ["message"] = "写真が不鮮明です。",
        ["replyBy"] = "2026年12月1日",
        ["outcome"] = "承認（許可）",
    };

    private static DefinitionParseResult ParseModified(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Valid)!.AsObject();
        change(root);
        return ProcedureDefinitionParser.Parse(root.ToJsonString());
    }

    private static void AssertProblem(DefinitionParseResult result, string path, string code) =>
        Assert.True(
            result.Problems.Any(p => p.Path == path && p.Code == code && p.Message.Ja.Length > 0 && !string.IsNullOrEmpty(p.Message.En)),
            $"Expected {code} at {path}; got: {string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}"))}");

    [Fact]
    public void A_valid_email_field_and_overrides_parse_and_round_trip()
    {
        var result = ParseModified(root => root["notifications"] = JsonNode.Parse("""
            { "received": { "subject": { "ja": "受付：{{receiptNumber}}", "en": "Received: {{receiptNumber}}" } },
              "decided": { "enabled": false } }
            """));

        Assert.Empty(result.Problems);
        var definition = result.Definition!;
        Assert.Equal("ownerEmail", definition.ApplicantEmailField);
        Assert.Equal("受付：{{receiptNumber}}", definition.Notifications!.Received!.Subject!.Ja);
        Assert.False(TemplateRenderer.IsEnabled(NotificationEvents.Decided, definition.Notifications));
        Assert.True(TemplateRenderer.IsEnabled(NotificationEvents.Received, definition.Notifications));

        var again = ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(definition));
        Assert.Empty(again.Problems);
        Assert.Equal(definition.Notifications, again.Definition!.Notifications);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("ownerName")]
    [InlineData("petEmail")]
    public void ApplicantEmailField_must_name_a_top_level_email_field(string target)
    {
        var result = ParseModified(root => root["applicantEmailField"] = target);

        AssertProblem(result, "$.applicantEmailField", "invalidApplicantEmailField");
    }

    [Fact]
    public void Unknown_events_placeholders_and_multiline_subjects_are_reported_with_their_path()
    {
        var result = ParseModified(root => root["notifications"] = JsonNode.Parse("""
            { "recieved": { "enabled": false },
              "received": { "subject": { "ja": "受付\n{{receiptNumber}}" }, "body": { "ja": "{{applicantName}} 様", "en": "{{outcome}}" }, "colour": 1 },
              "correctionRequested": { "body": { "ja": "{{message}} {{replyBy}}" } } }
            """));

        AssertProblem(result, "$.notifications.recieved", "unknownProperty");
        AssertProblem(result, "$.notifications.received.subject.ja", "multilineSubject");
        AssertProblem(result, "$.notifications.received.body.ja", "unknownPlaceholder");
        AssertProblem(result, "$.notifications.received.body.en", "unknownPlaceholder"); // outcome belongs to "decided"
        AssertProblem(result, "$.notifications.received.colour", "unknownProperty");
        Assert.DoesNotContain(result.Problems, p => p.Path.StartsWith("$.notifications.correctionRequested", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Message.Ja.Contains("{{applicantName}}", StringComparison.Ordinal));
    }

    [Fact]
    public void Built_in_templates_use_only_their_events_placeholders()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var eventName in NotificationEvents.ProcedureEvents)
        {
            var template = DefaultTemplates.For(eventName);
            var allowed = NotificationEvents.PlaceholdersOf(eventName);
            foreach (var text in new[] { template.Subject.Ja, template.Subject.En!, template.Body.Ja, template.Body.En! })
            {
                Assert.All(TemplateRenderer.Placeholders(text), name => Assert.Contains(name, allowed));
                used.UnionWith(TemplateRenderer.Placeholders(text));
            }
        }

        Assert.Contains("receiptNumber", used); // the texts really do use placeholders
    }

    [Fact]
    public void Rendering_fills_placeholders_in_each_language_and_leaves_no_braces()
    {
        var ja = TemplateRenderer.Render(DefaultTemplates.CorrectionRequested, "ja", Values);
        var en = TemplateRenderer.Render(DefaultTemplates.CorrectionRequested, "en", Values);

        Assert.Equal("【補正のお願い】犬の登録（受付番号 ABCD-EFGH-J）", ja.Subject);
        Assert.Contains("写真が不鮮明です。", ja.Body, StringComparison.Ordinal);
        Assert.Contains("補正の期限：2026年12月1日", ja.Body, StringComparison.Ordinal);
        Assert.StartsWith("Correction requested: 犬の登録", en.Subject, StringComparison.Ordinal);
        Assert.Contains("Please reply by: 2026年12月1日", en.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", ja.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", en.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_substituted_as_plain_text_and_never_re_expanded()
    {
        var values = new Dictionary<string, string> { ["message"] = "{{receiptNumber}}\r\nBcc: x@example.jp", ["receiptNumber"] = "R" };
        var template = new NotificationTemplate(new LocalizedText("件名 {{message}}"), new LocalizedText("{{message}} / {{unknown}}"));

        var rendered = TemplateRenderer.Render(template, "ja", values);

        Assert.Equal("件名 {{receiptNumber}} Bcc: x@example.jp", rendered.Subject);
        Assert.Equal("{{receiptNumber}}\nBcc: x@example.jp / ", rendered.Body);
    }

    [Fact]
    public void Overrides_replace_only_what_they_give_and_english_falls_back_to_japanese()
    {
        var overrides = new ProcedureNotifications { Received = new EventNotification { Subject = new LocalizedText("受付しました {{receiptNumber}}") } };

        var template = TemplateRenderer.Resolve(NotificationEvents.Received, overrides);
        var en = TemplateRenderer.Render(template, "en", Values);

        Assert.Equal("受付しました ABCD-EFGH-J", en.Subject);
        Assert.Equal(DefaultTemplates.Received.Body, template.Body);
        Assert.Contains("We have received your application", en.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CaseOutcome.Grant, "ja", "承認（許可）")]
    [InlineData(CaseOutcome.Refuse, "en", "refused")]
    [InlineData(CaseOutcome.Dismiss, "ja", "却下")]
    public void Outcomes_read_naturally(CaseOutcome outcome, string language, string expected) =>
        Assert.Equal(expected, TemplateRenderer.OutcomeText(outcome, language));

    [Fact]
    public void Dates_read_naturally_in_each_language()
    {
        Assert.Equal("2026年12月1日", TemplateRenderer.FormatDate(new DateOnly(2026, 12, 1), "ja"));
        Assert.Equal("1 December 2026", TemplateRenderer.FormatDate(new DateOnly(2026, 12, 1), "en"));
    }
}
