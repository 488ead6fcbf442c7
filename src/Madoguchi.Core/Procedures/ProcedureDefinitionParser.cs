using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Madoguchi.Core.Japanese;

namespace Madoguchi.Core.Procedures;

/// <summary>
/// Reads a procedure definition (format v1) and reports every problem with its JSON path, so that staff
/// importing a file see the whole list at once instead of fixing one error per upload. Never throws.
/// </summary>
/// <remarks>
/// The definition is built by walking a <see cref="JsonDocument"/> rather than by deserializing, because a
/// deserializer stops at the first wrong type; walking lets a wrongly typed value be reported and treated as
/// absent while checking carries on. The result serializes with <see cref="ProcedureJson.Options"/> and reads
/// back identically (tests hold the two equal).
/// </remarks>
public static partial class ProcedureDefinitionParser
{
    public static DefinitionParseResult Parse(string json)
    {
        var problems = new List<DefinitionProblem>();
        if (json is null)
        {
            problems.Add(Problem("$", "malformedJson", "定義が空です。", "The definition is empty."));
            return new DefinitionParseResult(null, problems);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (a lone surrogate) cannot be transcoded to UTF-8 for the reader.
            problems.Add(Problem("$", "malformedJson", "定義に不正な文字（壊れたサロゲートペア）が含まれています。", "The text contains an invalid character (a broken surrogate pair)."));
            return new DefinitionParseResult(null, problems);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            problems.Add(Problem(
                "$",
                "malformedJson",
                $"JSONとして読み取れません（{line}行目、{position}バイト目付近）。括弧・引用符・カンマを確認してください。",
                $"The text is not valid JSON (near line {line}, byte {position}). Check brackets, quotes and commas."));
            return new DefinitionParseResult(null, problems);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(Problem("$", "wrongType", "定義はJSONオブジェクト（{ ... }）で記述してください。", "The definition must be a JSON object ({ ... })."));
                return new DefinitionParseResult(null, problems);
            }

            var definition = new Reader(problems).ReadProcedure(document.RootElement);

            // Rules are checked against the whole form: every field must exist and every type fit.
            problems.AddRange(ProcedureRules.For(definition).Problems);
            return new DefinitionParseResult(definition, problems);
        }
    }

    internal static DefinitionProblem Problem(string path, string code, string ja, string en) =>
        new(path, code, new LocalizedText(ja, en));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    /// <summary>Portal paths under /p/{tenant}/ that are not procedures (applicant accounts, my applications, documents).</summary>
    public static readonly IReadOnlyList<string> ReservedSlugs = ["account", "my", "status", "verify", "documents"];

    private static readonly string[] _procedureProperties =
        ["format", "slug", "title", "description", "department", "processingDays", "contact", "requiresAccount", "sealPolicy", "declaration", "requirements", "applicantNameField", "applicantEmailField", "notifications", "pages", "checks", "route", "documents"];

    private static readonly string[] _eventNotificationProperties = ["enabled", "subject", "body"];
    private static readonly string[] _contactProperties = ["name", "phone", "email", "hours"];
    private static readonly string[] _pageProperties = ["id", "title", "fields", "visibleWhen", "next"];
    private static readonly string[] _branchProperties = ["when", "goTo"];
    private static readonly string[] _checkProperties = ["id", "assert", "message", "fields"];
    private static readonly string[] _textProperties = ["ja", "en"];
    private static readonly string[] _choiceProperties = ["value", "label"];
    private static readonly string[] _commonFieldProperties = ["id", "type", "label", "hint", "required", "visibleWhen", "requiredWhen"];

    private static readonly string[] _fieldProperties =
    [
        .. _commonFieldProperties,
        "minLength", "maxLength", "pattern", "patternMessage", "min", "max", "scale", "unit", "minDate", "maxDate",
        "choices", "display", "minSelected", "maxSelected", "accept", "maxFileSizeBytes", "maxFiles", "text",
        "fields", "minRows", "maxRows", "rowLabel", "calculate", "charset", "phoneKind", "reading",
    ];

    /// <summary>Character-set profiles a text-like field may name (see docs/japanese-fields.md).</summary>
    public static readonly IReadOnlyList<string> Charsets = ["any", "jisx0208", "jisx0208+kana", "cp932"];

    /// <summary>Phone kinds a phone field may require.</summary>
    public static readonly IReadOnlyList<string> PhoneKinds = ["any", "fixed", "mobile", "fixedOrMobile"];

    private static readonly Dictionary<string, FieldType> _fieldTypes = new(StringComparer.Ordinal)
    {
        ["text"] = FieldType.Text,
        ["textarea"] = FieldType.TextArea,
        ["integer"] = FieldType.Integer,
        ["decimal"] = FieldType.Decimal,
        ["date"] = FieldType.Date,
        ["choice"] = FieldType.Choice,
        ["multiChoice"] = FieldType.MultiChoice,
        ["yesNo"] = FieldType.YesNo,
        ["email"] = FieldType.Email,
        ["phone"] = FieldType.Phone,
        ["postalCode"] = FieldType.PostalCode,
        ["corporateNumber"] = FieldType.CorporateNumber,
        ["kana"] = FieldType.Kana,
        ["file"] = FieldType.File,
        ["heading"] = FieldType.Heading,
        ["paragraph"] = FieldType.Paragraph,
        ["section"] = FieldType.Section,
        ["repeat"] = FieldType.Repeat,
        ["name"] = FieldType.Name,
        ["address"] = FieldType.Address,
        ["bankAccount"] = FieldType.BankAccount,
    };

    /// <summary>The properties each type uses beyond id/type/label/hint/required; anything else is a problem.</summary>
    private static string[] TypeProperties(FieldType type) => type switch
    {
        FieldType.Text => ["minLength", "maxLength", "pattern", "patternMessage", "charset", "calculate"],
        FieldType.TextArea => ["minLength", "maxLength", "charset"],
        FieldType.Kana => ["minLength", "maxLength"],
        FieldType.Integer => ["min", "max", "unit", "calculate"],
        FieldType.Decimal => ["min", "max", "scale", "unit", "calculate"],
        FieldType.Date => ["minDate", "maxDate", "display", "calculate"],
        FieldType.YesNo => ["calculate"],
        FieldType.Choice => ["choices", "display"],
        FieldType.MultiChoice => ["choices", "minSelected", "maxSelected"],
        FieldType.File => ["accept", "maxFileSizeBytes", "maxFiles"],
        FieldType.Phone => ["phoneKind"],
        FieldType.Repeat => ["fields", "minRows", "maxRows", "rowLabel"],
        FieldType.Name => ["reading", "charset"],
        FieldType.Address => ["charset"],
        _ => [],
    };

    private readonly record struct Where(string Ja, string En);

    /// <summary>Reads one document; accumulates problems and treats any wrongly typed value as absent.</summary>
    private sealed partial class Reader(List<DefinitionProblem> problems)
    {
        private readonly List<DefinitionProblem> _problems = problems;

        // Every page and field id with the path where it first appeared, for whole-procedure uniqueness.
        private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
        private readonly List<FieldDefinition> _fields = [];

        // Page branches, checked once every page id is known (targets must lie ahead, so there are no loops).
        private readonly List<(int PageIndex, string? GoTo, string Path, Where Where)> _branches = [];

        // Where each field sits: inside which repeat (null at top level), for expression scoping and checks.
        private readonly Dictionary<string, string?> _repeatOf = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, string?> RepeatOf => _repeatOf;

        public ProcedureDefinition ReadProcedure(JsonElement root)
        {
            var o = new Scope(this, root, "$", _procedureProperties);

            var format = o.Int("format");
            if (!o.Has("format"))
            {
                Add("$.format", "required", "format（形式の版）を指定してください。現在の版は 1 です。", "Give \"format\": 1 (the format version).");
            }
            else if (format is not null && format != 1)
            {
                Add("$.format", "unsupportedFormat", $"format {format} には対応していません。1 を指定してください。", $"Format {format} is not supported; use 1.");
            }

            var slug = o.String("slug");
            if (!o.Has("slug"))
            {
                Add("$.slug", "required", "slug（URLに使う名前）を指定してください。", "Give a slug (the name used in the URL).");
            }
            else if (slug is not null && !SlugRegex().IsMatch(slug))
            {
                Add("$.slug", "invalidSlug",
                    $"slug「{slug}」は、半角英小文字・数字・ハイフンで3〜64文字とし、先頭と末尾は英小文字か数字にしてください。",
                    $"Slug \"{slug}\" must be 3–64 lower-case letters, digits or hyphens, starting and ending with a letter or digit.");
            }
            else if (slug is not null && ReservedSlugs.Contains(slug))
            {
                Add("$.slug", "reservedSlug",
                    $"slug「{slug}」は窓口の画面（{string.Join("・", ReservedSlugs)}）と重なるため使えません。別の名前にしてください。",
                    $"Slug \"{slug}\" is taken by a portal page ({string.Join(", ", ReservedSlugs)}); choose another.");
            }

            var title = o.Text("title", required: true, new Where("手続名", "The procedure title"));
            var description = o.Text("description", required: false, new Where("説明", "The description"));
            var department = o.Text("department", required: true, new Where("担当部署", "The department"));

            var processingDays = o.Int("processingDays");
            if (processingDays is < 0 or > FieldDefaults.MaxProcessingDays)
            {
                Add("$.processingDays", "outOfRange",
                    $"標準処理期間（processingDays）は0以上{FieldDefaults.MaxProcessingDays}以下の日数にしてください。",
                    $"processingDays (standard processing period) must be from 0 to {FieldDefaults.MaxProcessingDays} days.");
            }

            var contact = o.Object("contact") is { } contactElement ? ReadContact(contactElement, "$.contact") : null;
            var requiresAccount = o.Bool("requiresAccount") ?? false;
            var sealPolicyName = o.String("sealPolicy");
            var sealPolicy = SealPolicies.Parse(sealPolicyName ?? "none");
            if (sealPolicy is null)
            {
                Add("$.sealPolicy", "invalidSealPolicy",
                    $"sealPolicy「{sealPolicyName}」は使えません。「none」（押印不要）、「declaration」（宣誓のチェック）、「identity」（本人確認済みのログイン）のどれかにしてください。",
                    $"sealPolicy \"{sealPolicyName}\" is not allowed; use \"none\" (no seal), \"declaration\" (a declaration checkbox) or \"identity\" (an identity-verified sign-in).");
            }

            var declaration = o.Text("declaration", required: false, new Where("宣誓文", "The declaration"));
            if (declaration is not null && sealPolicy is not SealPolicy.Declaration)
            {
                Add("$.declaration", "notApplicable",
                    "宣誓文（declaration）は、sealPolicy が「declaration」のときだけ指定できます。",
                    "A declaration applies only when sealPolicy is \"declaration\".");
            }

            var documents = o.Object("documents") is { } documentsElement ? ReadDocuments(documentsElement, "$.documents") : null;

            var requirements = new List<LocalizedText>();
            foreach (var (element, path) in o.Array("requirements"))
            {
                if (ReadText(element, path, new Where("準備するものの記載", "A requirement")) is { } text)
                {
                    requirements.Add(text);
                }
            }

            var applicantNameField = o.String("applicantNameField");
            var applicantEmailField = o.String("applicantEmailField");
            var notifications = o.Object("notifications") is { } notificationsElement ? ReadNotifications(notificationsElement, "$.notifications") : null;

            var pages = new List<PageDefinition>();
            var pageElements = o.Array("pages");
            if (!o.Has("pages"))
            {
                Add("$.pages", "required", "pages（ページ）を1つ以上指定してください。", "Give at least one page in \"pages\".");
            }
            else if (o.Get("pages")?.ValueKind == JsonValueKind.Array && pageElements.Count == 0)
            {
                Add("$.pages", "noPages", "ページが1つもありません。1つ以上指定してください。", "There are no pages; give at least one.");
            }

            for (var i = 0; i < pageElements.Count; i++)
            {
                if (ReadPage(pageElements[i].Element, pageElements[i].Path, i) is { } page)
                {
                    pages.Add(page);
                }
            }

            var checks = ReadChecks(o);
            var route = o.Object("route") is { } routeElement ? ReadRoute(routeElement, "$.route", pages) : null;
            o.ReportUnknown();
            CheckBranches(pages);

            if (applicantNameField is not null)
            {
                var target = _fields.FirstOrDefault(f => f.Id == applicantNameField);
                if (target is null || target.Type is not (FieldType.Text or FieldType.Kana or FieldType.Name) || _repeatOf.GetValueOrDefault(applicantNameField) is not null)
                {
                    Add("$.applicantNameField", "invalidApplicantNameField",
                        $"applicantNameField「{applicantNameField}」は、この手続にある「text」「kana」「name」の項目（繰り返しの外）のidにしてください。",
                        $"applicantNameField \"{applicantNameField}\" must be the id of a text, kana or name field of this procedure (outside repeat groups).");
                }
            }

            if (applicantEmailField is not null)
            {
                var target = _fields.FirstOrDefault(f => f.Id == applicantEmailField);
                if (target is null || target.Type != FieldType.Email || _repeatOf.GetValueOrDefault(applicantEmailField) is not null)
                {
                    Add("$.applicantEmailField", "invalidApplicantEmailField",
                        $"applicantEmailField「{applicantEmailField}」は、この手続にある「email」の項目（繰り返しの外）のidにしてください。",
                        $"applicantEmailField \"{applicantEmailField}\" must be the id of an email field of this procedure (outside repeat groups).");
                }
            }

            return new ProcedureDefinition
            {
                Format = format ?? 1,
                Slug = slug ?? "",
                Title = title ?? new LocalizedText(""),
                Description = description,
                Department = department ?? new LocalizedText(""),
                ProcessingDays = processingDays,
                Contact = contact,
                RequiresAccount = requiresAccount,
                SealPolicy = sealPolicy ?? SealPolicy.None,
                Declaration = declaration,
                Documents = documents,
                Requirements = requirements,
                ApplicantNameField = applicantNameField,
                ApplicantEmailField = applicantEmailField,
                Notifications = notifications,
                Pages = pages,
                Checks = checks,
                Route = route,
            };
        }

        private List<CheckRule> ReadChecks(Scope o)
        {
            var checks = new List<CheckRule>();
            foreach (var (element, path) in o.Array("checks"))
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    WrongType(path, "オブジェクト", "an object");
                    continue;
                }

                var c = new Scope(this, element, path, _checkProperties);
                var id = c.String("id");
                var where = id is { Length: > 0 } ? new Where($"チェック「{id}」", $"Check \"{id}\"") : new Where($"{checks.Count + 1}番目のチェック", $"Check {checks.Count + 1}");
                CheckId(id, c.Has("id"), path, where);
                var assert = ReadExpression(c, "assert", path, where);
                if (!c.Has("assert"))
                {
                    Add(path + ".assert", "required", $"{where.Ja}に、満たすべき条件（assert）を指定してください。", $"{where.En} needs the condition that must hold (\"assert\").");
                }

                var message = c.Text("message", required: true, new Where($"{where.Ja}のメッセージ", $"{where.En}'s message"));
                var fields = new List<string>();
                foreach (var (fieldElement, fieldPath) in c.Array("fields"))
                {
                    if (fieldElement.ValueKind != JsonValueKind.String)
                    {
                        WrongType(fieldPath, "項目のid（文字列）", "a field id (string)");
                        continue;
                    }

                    var fieldId = fieldElement.GetString()!;
                    if (_fields.FirstOrDefault(f => f.Id == fieldId) is not { } target || target.Type.IsStatic() || target.Type == FieldType.Section)
                    {
                        Add(fieldPath, "unknownField", $"{where.Ja}の表示先「{fieldId}」は、この手続の入力項目ではありません。", $"{where.En}: \"{fieldId}\" is not an input field of this procedure.");
                    }
                    else if (_repeatOf.GetValueOrDefault(fieldId) is not null)
                    {
                        Add(fieldPath, "fieldInRepeat", $"{where.Ja}の表示先「{fieldId}」は繰り返しの中の項目です。繰り返し全体（のid）を指定してください。", $"{where.En}: \"{fieldId}\" is inside a repeat group; name the repeat group instead.");
                    }
                    else
                    {
                        fields.Add(fieldId);
                    }
                }

                if (c.Get("fields") is null)
                {
                    Add(path + ".fields", "required", $"{where.Ja}のメッセージを表示する項目（fields）を1つ以上指定してください。", $"{where.En} needs at least one field to show its message on (\"fields\").");
                }

                c.ReportUnknown();
                checks.Add(new CheckRule { Id = id ?? "", Assert = assert ?? "", Message = message ?? new LocalizedText(""), Fields = fields });
            }

            return checks;
        }

        private void CheckBranches(List<PageDefinition> pages)
        {
            foreach (var (pageIndex, goTo, path, where) in _branches)
            {
                if (string.IsNullOrEmpty(goTo) || goTo == PageBranch.End)
                {
                    continue;
                }

                var target = pages.FindIndex(p => p.Id == goTo);
                if (target < 0)
                {
                    Add(path, "unknownPage", $"{where.Ja}の移動先「{goTo}」というページはありません。ページのidか「end」を指定してください。", $"{where.En}: there is no page \"{goTo}\"; give a page id or \"end\".");
                }
                else if (target <= pageIndex)
                {
                    Add(path, "backwardBranch", $"{where.Ja}の移動先「{goTo}」は、このページより前です。分岐は後ろのページにだけ進めます（戻ると終わらなくなるため）。", $"{where.En}: \"{goTo}\" comes before this page; branches may only skip forward (going back could loop forever).");
                }
            }
        }

        /// <summary>
        /// Document templates by kind: only the known kinds, each a JSON object. Their contents are checked by the
        /// server with Madoguchi.Documents (DocumentTemplate), which Core does not reference.
        /// </summary>
        private Dictionary<string, JsonElement> ReadDocuments(JsonElement element, string path)
        {
            var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var o = new Scope(this, element, path, [.. ProcedureDocuments.Kinds]);
            foreach (var kind in ProcedureDocuments.Kinds)
            {
                if (o.Get(kind) is not { } value)
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Object)
                {
                    WrongType(o.Child(kind), "文書テンプレート（オブジェクト）", "a document template (object)");
                    continue;
                }

                result[kind] = value.Clone();
            }

            // Unknown names here are unknown document kinds: the message lists the ones that exist.
            o.ReportUnknown();
            return result;
        }

        private Notifications.ProcedureNotifications ReadNotifications(JsonElement element, string path)
        {
            var o = new Scope(this, element, path, [.. Notifications.NotificationEvents.ProcedureEvents]);
            var events = new Dictionary<string, Notifications.EventNotification>(StringComparer.Ordinal);
            foreach (var eventName in Notifications.NotificationEvents.ProcedureEvents)
            {
                if (o.Object(eventName) is not { } eventElement)
                {
                    continue;
                }

                var eventPath = o.Child(eventName);
                var e = new Scope(this, eventElement, eventPath, _eventNotificationProperties);
                var enabled = e.Bool("enabled");
                var subject = e.Text("subject", required: false, new Where($"通知「{eventName}」の件名", $"The subject of notification \"{eventName}\""));
                var body = e.Text("body", required: false, new Where($"通知「{eventName}」の本文", $"The body of notification \"{eventName}\""));
                var allowed = Notifications.NotificationEvents.PlaceholdersOf(eventName);
                CheckPlaceholders(subject, e.Child("subject"), allowed);
                CheckPlaceholders(body, e.Child("body"), allowed);
                e.ReportUnknown();
                events[eventName] = new Notifications.EventNotification { Enabled = enabled, Subject = subject, Body = body };
            }

            // Unknown names here are unknown events: the message lists the ones that exist.
            o.ReportUnknown();
            return new Notifications.ProcedureNotifications
            {
                Received = events.GetValueOrDefault(Notifications.NotificationEvents.Received),
                CorrectionRequested = events.GetValueOrDefault(Notifications.NotificationEvents.CorrectionRequested),
                Decided = events.GetValueOrDefault(Notifications.NotificationEvents.Decided),
                MessageReceived = events.GetValueOrDefault(Notifications.NotificationEvents.MessageReceived),
            };
        }

        private void CheckPlaceholders(LocalizedText? text, string path, IReadOnlyList<string> allowed)
        {
            if (text is null)
            {
                return;
            }

            foreach (var (value, language) in new[] { (text.Ja, "ja"), (text.En, "en") })
            {
                if (value is null)
                {
                    continue;
                }

                foreach (var name in Notifications.TemplateRenderer.Placeholders(value).Distinct(StringComparer.Ordinal))
                {
                    if (!allowed.Contains(name, StringComparer.Ordinal))
                    {
                        var known = string.Join(", ", allowed.Select(a => "{{" + a + "}}"));
                        Add($"{path}.{language}", "unknownPlaceholder",
                            $"差し込み項目「{{{{{name}}}}}」はこの通知では使えません（使えるもの：{known}）。",
                            $"Placeholder \"{{{{{name}}}}}\" is not available in this notification (available: {known}).");
                    }
                }

                if (path.EndsWith(".subject", StringComparison.Ordinal) && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                {
                    Add($"{path}.{language}", "multilineSubject", "件名は1行で書いてください（改行は使えません）。", "A subject must be a single line (no line breaks).");
                }
            }
        }

        private ContactInfo? ReadContact(JsonElement element, string path)
        {
            var o = new Scope(this, element, path, _contactProperties);
            var name = o.Text("name", required: false, new Where("問い合わせ先の名称", "The contact name"));
            var phone = o.String("phone");
            if (phone is not null && PhoneNumber.Normalize(phone) is null)
            {
                Add(path + ".phone", "invalidPhone", $"問い合わせ先の電話番号「{phone}」は、0から始まる10〜11桁の番号にしてください。", $"Contact phone \"{phone}\" must be a 10–11 digit Japanese number starting with 0.");
            }

            var email = o.String("email");
            if (email is not null && !EmailAddress.IsValid(email))
            {
                Add(path + ".email", "invalidEmail", $"問い合わせ先のメールアドレス「{email}」の形式が正しくありません。", $"Contact email \"{email}\" is not a valid address.");
            }

            var hours = o.Text("hours", required: false, new Where("受付時間", "The contact hours"));
            o.ReportUnknown();
            return new ContactInfo { Name = name, Phone = phone, Email = email, Hours = hours };
        }

        private PageDefinition? ReadPage(JsonElement element, string path, int pageIndex)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                WrongType(path, "オブジェクト", "an object");
                return null;
            }

            var o = new Scope(this, element, path, _pageProperties);
            var id = o.String("id");
            var where = id is { Length: > 0 }
                ? new Where($"ページ「{id}」", $"Page \"{id}\"")
                : new Where($"{pageIndex + 1}ページ目", $"Page {pageIndex + 1}");
            CheckId(id, o.Has("id"), path, where);

            var title = o.Text("title", required: true, new Where($"{where.Ja}のタイトル", $"{where.En}'s title"));

            var fields = new List<FieldDefinition>();
            var fieldElements = o.Array("fields");
            if (fieldElements.Count == 0 && o.Get("fields") is null or { ValueKind: JsonValueKind.Array })
            {
                Add(path + ".fields", "emptyPage", $"{where.Ja}に項目（fields）がありません。1つ以上指定してください。", $"{where.En} has no fields; give at least one.");
            }

            for (var i = 0; i < fieldElements.Count; i++)
            {
                if (ReadField(fieldElements[i].Element, fieldElements[i].Path, pageIndex, i, new Nesting(0, null)) is { } field)
                {
                    fields.Add(field);
                }
            }

            var visibleWhen = ReadExpression(o, "visibleWhen", path, where);
            var next = new List<PageBranch>();
            foreach (var (branchElement, branchPath) in o.Array("next"))
            {
                if (branchElement.ValueKind != JsonValueKind.Object)
                {
                    WrongType(branchPath, "オブジェクト", "an object");
                    continue;
                }

                var b = new Scope(this, branchElement, branchPath, _branchProperties);
                var bWhere = new Where($"{where.Ja}の分岐", $"{where.En}'s branch");
                var when = ReadExpression(b, "when", branchPath, bWhere);
                if (!b.Has("when"))
                {
                    Add(branchPath + ".when", "required", $"{bWhere.Ja}に条件（when）を指定してください。", $"{bWhere.En} needs a condition (\"when\").");
                }

                var goTo = b.String("goTo");
                if (!b.Has("goTo") || string.IsNullOrEmpty(goTo))
                {
                    Add(branchPath + ".goTo", "required", $"{bWhere.Ja}に移動先（goTo：ページのidか「end」）を指定してください。", $"{bWhere.En} needs a target (\"goTo\": a page id or \"end\").");
                }

                b.ReportUnknown();
                next.Add(new PageBranch { When = when ?? "", GoTo = goTo ?? "" });
                _branches.Add((pageIndex, goTo, branchPath + ".goTo", bWhere));
            }

            o.ReportUnknown();
            return new PageDefinition { Id = id ?? "", Title = title ?? new LocalizedText(""), Fields = fields, VisibleWhen = visibleWhen, Next = next };
        }

        private void CheckId(string? id, bool present, string path, Where where)
        {
            if (!present)
            {
                Add(path + ".id", "required", $"{where.Ja}のidを指定してください。", $"{where.En} needs an id.");
                return;
            }

            if (id is null)
            {
                return;
            }

            if (!IdRegex().IsMatch(id))
            {
                Add(path + ".id", "invalidId",
                    $"{where.Ja}のid「{id}」は、半角英字で始まり、半角英数字と「_」だけの64文字以内にしてください。",
                    $"{where.En}: id \"{id}\" must start with a letter and use only letters, digits and \"_\" (at most 64).");
            }

            if (IdRegex().IsMatch(id) && !Expressions.ExprParser.IsReferable(id))
            {
                Add(path + ".id", "reservedId",
                    $"{where.Ja}のid「{id}」は式の予約語（and, or, not, true, false, null）なので使えません。",
                    $"{where.En}: id \"{id}\" is a reserved word of the expression language (and, or, not, true, false, null).");
            }

            if (_ids.TryGetValue(id, out var firstPath))
            {
                Add(path + ".id", "duplicateId",
                    $"id「{id}」は {firstPath} でも使われています。ページと項目のidは手続全体で重複しないようにしてください。",
                    $"Id \"{id}\" is already used at {firstPath}; page and field ids must be unique across the procedure.");
            }
            else
            {
                _ids[id] = path;
            }
        }

        private readonly record struct Nesting(int Depth, string? Repeat);

        private string? ReadExpression(Scope o, string name, string path, Where where)
        {
            var value = o.String(name);
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                Add($"{path}.{name}", "emptyExpression", $"{where.Ja}の「{name}」が空です。式を書くか、削除してください。", $"{where.En}: \"{name}\" is empty; write an expression or remove it.");
                return null;
            }

            return value;
        }

        private FieldDefinition? ReadField(JsonElement element, string path, int pageIndex, int fieldIndex, Nesting nesting)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                WrongType(path, "オブジェクト", "an object");
                return null;
            }

            var o = new Scope(this, element, path, _fieldProperties);
            var id = o.String("id");
            var where = id is { Length: > 0 }
                ? new Where($"項目「{id}」", $"Field \"{id}\"")
                : new Where($"{pageIndex + 1}ページ目の{fieldIndex + 1}番目の項目", $"Field {fieldIndex + 1} on page {pageIndex + 1}");
            CheckId(id, o.Has("id"), path, where);

            FieldType? type = null;
            var typeName = o.String("type");
            if (!o.Has("type"))
            {
                Add(path + ".type", "required", $"{where.Ja}の種類（type）を指定してください。", $"{where.En} needs a type.");
            }
            else if (typeName is not null)
            {
                if (_fieldTypes.TryGetValue(typeName, out var known))
                {
                    type = known;
                }
                else
                {
                    var allowed = string.Join(", ", _fieldTypes.Keys);
                    Add(path + ".type", "unknownFieldType",
                        $"{where.Ja}の種類「{typeName}」は使えません。次のいずれかにしてください：{allowed}",
                        $"{where.En}: type \"{typeName}\" is unknown. Use one of: {allowed}.");
                }
            }

            var isStatic = type?.IsStatic() ?? false;
            var label = o.Text("label", required: type is not null && !isStatic, new Where($"{where.Ja}の項目名（label）", $"{where.En}'s label"));

            List<FieldDefinition>? children = null;
            if (type is FieldType.Section or FieldType.Repeat)
            {
                children = ReadChildren(o, path, pageIndex, where, type.Value, id, nesting);
            }

            if (id is { Length: > 0 })
            {
                _repeatOf.TryAdd(id, nesting.Repeat);
            }
            var hint = o.Text("hint", required: false, new Where($"{where.Ja}の説明（hint）", $"{where.En}'s hint"));
            var required = o.Bool("required") ?? false;
            var text = o.Text("text", required: isStatic, new Where($"{where.Ja}の本文（text）", $"{where.En}'s text"));

            var field = new FieldDefinition
            {
                Id = id ?? "",
                Type = type ?? FieldType.Text,
                Label = label ?? new LocalizedText(""),
                Hint = hint,
                Required = required,
                MinLength = o.Int("minLength"),
                MaxLength = o.Int("maxLength"),
                Pattern = o.String("pattern"),
                PatternMessage = o.Text("patternMessage", required: false, new Where($"{where.Ja}の入力形式の説明", $"{where.En}'s pattern message")),
                Min = o.Decimal("min"),
                Max = o.Decimal("max"),
                Scale = o.Int("scale"),
                Unit = o.Text("unit", required: false, new Where($"{where.Ja}の単位", $"{where.En}'s unit")),
                MinDate = o.String("minDate"),
                MaxDate = o.String("maxDate"),
                Choices = ReadChoices(o, where),
                Display = o.String("display"),
                MinSelected = o.Int("minSelected"),
                MaxSelected = o.Int("maxSelected"),
                Accept = ReadAccept(o, path),
                MaxFileSizeBytes = o.Long("maxFileSizeBytes"),
                MaxFiles = o.Int("maxFiles"),
                Text = text,
                Fields = children,
                MinRows = o.Int("minRows"),
                MaxRows = o.Int("maxRows"),
                RowLabel = o.Text("rowLabel", required: false, new Where($"{where.Ja}の行の呼び名（rowLabel）", $"{where.En}'s row label")),
                VisibleWhen = ReadExpression(o, "visibleWhen", path, where),
                RequiredWhen = ReadExpression(o, "requiredWhen", path, where),
                Calculate = ReadExpression(o, "calculate", path, where),
                Charset = o.String("charset"),
                PhoneKind = o.String("phoneKind"),
                Reading = o.Bool("reading"),
            };

            o.ReportUnknown();

            if (type is { } t)
            {
                CheckApplicable(o, t, path, where, typeName!);
                CheckLimits(field, o, path, where);
                _fields.Add(field);
            }

            return field;
        }

        private List<FieldDefinition> ReadChildren(Scope o, string path, int pageIndex, Where where, FieldType type, string? id, Nesting nesting)
        {
            var children = new List<FieldDefinition>();
            if (type == FieldType.Repeat && nesting.Repeat is not null)
            {
                Add(path + ".type", "nestedRepeat",
                    $"{where.Ja}：繰り返し（repeat）の中に繰り返しは置けません。別の繰り返しにするか、項目を分けてください。",
                    $"{where.En}: a repeat group cannot contain another repeat group; make it a separate group or split the fields.");
                return children;
            }

            if (nesting.Depth >= FieldDefaults.MaxSectionDepth)
            {
                Add(path + ".fields", "tooDeep",
                    $"{where.Ja}：入れ子が深すぎます（{FieldDefaults.MaxSectionDepth}段まで）。",
                    $"{where.En}: groups are nested too deeply (at most {FieldDefaults.MaxSectionDepth} levels).");
                return children;
            }

            var elements = o.Array("fields");
            if (elements.Count == 0 && o.Get("fields") is null or { ValueKind: JsonValueKind.Array })
            {
                Add(path + ".fields", "emptyGroup", $"{where.Ja}に項目（fields）がありません。1つ以上指定してください。", $"{where.En} has no fields; give at least one.");
            }

            var inner = new Nesting(nesting.Depth + 1, type == FieldType.Repeat ? id ?? "" : nesting.Repeat);
            for (var i = 0; i < elements.Count; i++)
            {
                if (ReadField(elements[i].Element, elements[i].Path, pageIndex, i, inner) is { } child)
                {
                    if (type == FieldType.Repeat && child.Type == FieldType.File)
                    {
                        Add(elements[i].Path + ".type", "fileInRepeat",
                            $"{where.Ja}：繰り返しの中にファイル添付の項目は置けません。繰り返しの外に置いてください。",
                            $"{where.En}: file fields cannot be inside a repeat group; put them outside it.");
                    }

                    children.Add(child);
                }
            }

            return children;
        }

        private List<ChoiceOption>? ReadChoices(Scope o, Where where)
        {
            if (o.Get("choices") is not { ValueKind: JsonValueKind.Array })
            {
                _ = o.Array("choices"); // reports a value of the wrong type
                return null;
            }

            var choices = new List<ChoiceOption>();
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (element, path) in o.Array("choices"))
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    WrongType(path, "オブジェクト", "an object");
                    continue;
                }

                var c = new Scope(this, element, path, _choiceProperties);
                var value = c.String("value");
                if (!c.Has("value"))
                {
                    Add(path + ".value", "required", $"{where.Ja}の選択肢にvalueを指定してください。", $"{where.En}: each choice needs a value.");
                }
                else if (value is not null)
                {
                    if (value.Length == 0 || value.Length > 100 || value.Trim().Length != value.Length)
                    {
                        Add(path + ".value", "invalidChoiceValue",
                            $"{where.Ja}の選択肢の値「{value}」は、前後に空白のない1〜100文字にしてください。",
                            $"{where.En}: choice value \"{value}\" must be 1–100 characters without leading or trailing spaces.");
                    }
                    else if (!values.Add(value))
                    {
                        Add(path + ".value", "duplicateChoice",
                            $"{where.Ja}の選択肢の値「{value}」が重複しています。",
                            $"{where.En}: choice value \"{value}\" appears more than once.");
                    }
                }

                var label = c.Text("label", required: true, new Where($"{where.Ja}の選択肢「{value}」の表示名", $"{where.En}: choice \"{value}\"'s label"));
                c.ReportUnknown();
                choices.Add(new ChoiceOption { Value = value ?? "", Label = label ?? new LocalizedText("") });
            }

            return choices;
        }

        private List<string>? ReadAccept(Scope o, string path)
        {
            if (o.Get("accept") is not { ValueKind: JsonValueKind.Array })
            {
                _ = o.Array("accept"); // reports a value of the wrong type
                return null;
            }

            var kinds = new List<string>();
            foreach (var (element, itemPath) in o.Array("accept"))
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    WrongType(itemPath, "文字列", "a string");
                    continue;
                }

                var kind = element.GetString()!;
                if (!FileKinds.IsKnown(kind))
                {
                    var allowed = string.Join(", ", FileKinds.All);
                    Add(itemPath, "unknownFileKind", $"ファイルの種類「{kind}」は使えません。次のいずれかにしてください：{allowed}", $"File kind \"{kind}\" is unknown. Use one of: {allowed}.");
                }
                else if (kinds.Contains(kind, StringComparer.Ordinal))
                {
                    Add(itemPath, "duplicateFileKind", $"ファイルの種類「{kind}」が重複しています。", $"File kind \"{kind}\" appears more than once.");
                }

                kinds.Add(kind);
            }

            if (kinds.Count == 0 && o.Get("accept")!.Value.GetArrayLength() == 0)
            {
                Add(path + ".accept", "outOfRange", "accept には受け付けるファイルの種類を1つ以上指定してください（省略すると pdf, png, jpeg）。", "accept must name at least one file kind (leave it out for pdf, png, jpeg).");
            }

            return kinds;
        }

        private void CheckApplicable(Scope o, FieldType type, string path, Where where, string typeName)
        {
            var allowed = new HashSet<string>(TypeProperties(type), StringComparer.Ordinal);
            if (type.IsStatic())
            {
                allowed.UnionWith(["text", "id", "type", "visibleWhen"]);
            }
            else if (type == FieldType.Section)
            {
                allowed.UnionWith(["id", "type", "label", "hint", "visibleWhen", "fields"]);
            }
            else
            {
                allowed.UnionWith(_commonFieldProperties);
            }

            foreach (var name in _fieldProperties)
            {
                if (o.Has(name) && !allowed.Contains(name))
                {
                    Add($"{path}.{name}", "notApplicable",
                        $"{where.Ja}は種類が「{typeName}」のため「{name}」は使えません。削除するか種類を見直してください。",
                        $"{where.En} is of type \"{typeName}\", which does not use \"{name}\"; remove it or change the type.");
                }
            }
        }

        private void CheckLimits(FieldDefinition f, Scope o, string path, Where where)
        {
            switch (f.Type)
            {
                case FieldType.Text or FieldType.TextArea or FieldType.Kana:
                    if (f.MinLength is < 0)
                    {
                        Add(path + ".minLength", "outOfRange", $"{where.Ja}のminLengthは0以上にしてください。", $"{where.En}: minLength must be 0 or more.");
                    }

                    if (f.MaxLength is < 1 or > FieldDefaults.MaxLengthLimit)
                    {
                        Add(path + ".maxLength", "outOfRange", $"{where.Ja}のmaxLengthは1以上{FieldDefaults.MaxLengthLimit:N0}以下にしてください。", $"{where.En}: maxLength must be from 1 to {FieldDefaults.MaxLengthLimit:N0}.");
                    }
                    else if (f.MinLength is > 0 && f.EffectiveMaxLength is { } maxLength && f.MinLength > maxLength)
                    {
                        Add(path + ".minLength", "minGreaterThanMax", $"{where.Ja}のminLength（{f.MinLength}）が最大文字数（{maxLength}）を超えています。", $"{where.En}: minLength ({f.MinLength}) exceeds the maximum length ({maxLength}).");
                    }

                    if (f.Pattern is not null)
                    {
                        CheckPattern(f.Pattern, path + ".pattern", where);
                    }

                    break;

                case FieldType.Integer or FieldType.Decimal:
                    if (f.Type == FieldType.Integer)
                    {
                        CheckWhole(f.Min, path + ".min", where);
                        CheckWhole(f.Max, path + ".max", where);
                    }

                    if (f.Min is { } min && f.Max is { } max && min > max)
                    {
                        Add(path + ".min", "minGreaterThanMax", $"{where.Ja}のmin（{min}）がmax（{max}）より大きくなっています。", $"{where.En}: min ({min}) is greater than max ({max}).");
                    }

                    if (f.Scale is < 0 or > FieldDefaults.MaxScale)
                    {
                        Add(path + ".scale", "outOfRange", $"{where.Ja}のscale（小数点以下の桁数）は0以上{FieldDefaults.MaxScale}以下にしてください。", $"{where.En}: scale (digits after the point) must be from 0 to {FieldDefaults.MaxScale}.");
                    }

                    break;

                case FieldType.Date:
                    var minDate = CheckIsoDate(f.MinDate, path + ".minDate", where);
                    var maxDate = CheckIsoDate(f.MaxDate, path + ".maxDate", where);
                    if (minDate is { } from && maxDate is { } to && from > to)
                    {
                        Add(path + ".minDate", "minGreaterThanMax", $"{where.Ja}のminDate（{f.MinDate}）がmaxDate（{f.MaxDate}）より後になっています。", $"{where.En}: minDate ({f.MinDate}) is after maxDate ({f.MaxDate}).");
                    }

                    if (f.Display is not null and not ("calendar" or "wareki"))
                    {
                        Add(path + ".display", "invalidDisplay", $"{where.Ja}のdisplay「{f.Display}」は「calendar」（西暦）か「wareki」（和暦：元号を選択）にしてください。", $"{where.En}: display \"{f.Display}\" must be \"calendar\" (Gregorian) or \"wareki\" (Japanese era picker).");
                    }

                    break;

                case FieldType.Repeat:
                    if (f.MinRows is < 0 or > FieldDefaults.MaxRowsLimit)
                    {
                        Add(path + ".minRows", "outOfRange", $"{where.Ja}のminRowsは0以上{FieldDefaults.MaxRowsLimit}以下にしてください。", $"{where.En}: minRows must be from 0 to {FieldDefaults.MaxRowsLimit}.");
                    }

                    if (f.MaxRows is < 1 or > FieldDefaults.MaxRowsLimit)
                    {
                        Add(path + ".maxRows", "outOfRange", $"{where.Ja}のmaxRowsは1以上{FieldDefaults.MaxRowsLimit}以下にしてください。", $"{where.En}: maxRows must be from 1 to {FieldDefaults.MaxRowsLimit}.");
                    }
                    else if (f.MinRows is { } minRows && minRows > f.EffectiveMaxRows)
                    {
                        Add(path + ".minRows", "minGreaterThanMax", $"{where.Ja}のminRows（{minRows}）がmaxRows（{f.EffectiveMaxRows}）を超えています。", $"{where.En}: minRows ({minRows}) exceeds maxRows ({f.EffectiveMaxRows}).");
                    }

                    break;

                case FieldType.Choice or FieldType.MultiChoice:
                    if (f.Choices is not { Count: > 0 } && o.Get("choices") is null or { ValueKind: JsonValueKind.Array })
                    {
                        Add(path + ".choices", "required", $"{where.Ja}には選択肢（choices）を1つ以上指定してください。", $"{where.En} needs at least one choice.");
                    }

                    if (f.Type == FieldType.Choice && f.Display is not null and not ("radio" or "select"))
                    {
                        Add(path + ".display", "invalidDisplay", $"{where.Ja}のdisplay「{f.Display}」は「radio」か「select」にしてください。", $"{where.En}: display \"{f.Display}\" must be \"radio\" or \"select\".");
                    }

                    if (f.Type == FieldType.MultiChoice)
                    {
                        CheckSelectionLimits(f, path, where);
                    }

                    break;

                case FieldType.File:
                    if (f.MaxFileSizeBytes is < 1 or > FieldDefaults.MaxFileSizeBytesLimit)
                    {
                        Add(path + ".maxFileSizeBytes", "outOfRange", $"{where.Ja}のmaxFileSizeBytesは1以上{FieldDefaults.MaxFileSizeBytesLimit:N0}（50MiB）以下にしてください。", $"{where.En}: maxFileSizeBytes must be from 1 to {FieldDefaults.MaxFileSizeBytesLimit:N0} (50 MiB).");
                    }

                    if (f.MaxFiles is < 1 or > FieldDefaults.MaxFilesLimit)
                    {
                        Add(path + ".maxFiles", "outOfRange", $"{where.Ja}のmaxFilesは1以上{FieldDefaults.MaxFilesLimit}以下にしてください。", $"{where.En}: maxFiles must be from 1 to {FieldDefaults.MaxFilesLimit}.");
                    }

                    break;

                default:
                    break;
            }

            if (f.Charset is { } charset && !Charsets.Contains(charset))
            {
                Add(path + ".charset", "invalidCharset", $"{where.Ja}のcharset「{charset}」は使えません。次のいずれかにしてください：{string.Join(", ", Charsets)}", $"{where.En}: charset \"{charset}\" is unknown. Use one of: {string.Join(", ", Charsets)}.");
            }

            if (f.PhoneKind is { } phoneKind && !PhoneKinds.Contains(phoneKind))
            {
                Add(path + ".phoneKind", "invalidPhoneKind", $"{where.Ja}のphoneKind「{phoneKind}」は使えません。次のいずれかにしてください：{string.Join(", ", PhoneKinds)}", $"{where.En}: phoneKind \"{phoneKind}\" is unknown. Use one of: {string.Join(", ", PhoneKinds)}.");
            }
        }

        private void CheckSelectionLimits(FieldDefinition f, string path, Where where)
        {
            var count = f.Choices?.Count ?? 0;
            if (f.MinSelected is < 0)
            {
                Add(path + ".minSelected", "outOfRange", $"{where.Ja}のminSelectedは0以上にしてください。", $"{where.En}: minSelected must be 0 or more.");
            }
            else if (f.MinSelected > count && count > 0)
            {
                Add(path + ".minSelected", "outOfRange", $"{where.Ja}のminSelected（{f.MinSelected}）が選択肢の数（{count}）を超えています。", $"{where.En}: minSelected ({f.MinSelected}) exceeds the number of choices ({count}).");
            }

            if (f.MaxSelected is < 1)
            {
                Add(path + ".maxSelected", "outOfRange", $"{where.Ja}のmaxSelectedは1以上にしてください。", $"{where.En}: maxSelected must be 1 or more.");
            }
            else if (f.MaxSelected > count && count > 0)
            {
                Add(path + ".maxSelected", "outOfRange", $"{where.Ja}のmaxSelected（{f.MaxSelected}）が選択肢の数（{count}）を超えています。", $"{where.En}: maxSelected ({f.MaxSelected}) exceeds the number of choices ({count}).");
            }

            if (f.MinSelected is >= 0 && f.MaxSelected is >= 1 && f.MinSelected > f.MaxSelected)
            {
                Add(path + ".minSelected", "minGreaterThanMax", $"{where.Ja}のminSelected（{f.MinSelected}）がmaxSelected（{f.MaxSelected}）より大きくなっています。", $"{where.En}: minSelected ({f.MinSelected}) is greater than maxSelected ({f.MaxSelected}).");
            }
        }

        private void CheckWhole(decimal? value, string path, Where where)
        {
            if (value is { } v && (decimal.Truncate(v) != v || v < long.MinValue || v > long.MaxValue))
            {
                Add(path, "outOfRange", $"{where.Ja}は整数の項目のため、{v} ではなく整数を指定してください。", $"{where.En} is an integer field, so use a whole number instead of {v}.");
            }
        }

        private DateOnly? CheckIsoDate(string? value, string path, Where where)
        {
            if (value is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Add(path, "invalidDate", $"{where.Ja}の日付「{value}」は「2026-04-01」の形式（西暦）で指定してください。", $"{where.En}: date \"{value}\" must be written as yyyy-MM-dd (e.g. 2026-04-01).");
            return null;
        }

        private void CheckPattern(string pattern, string path, Where where)
        {
            try
            {
                // Compiled once here only to prove it is valid; the validator anchors it the same way.
                // The bare pattern is compiled too: "a)|(b" only compiles once wrapped, and would then mean something else.
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TextRules.PatternTimeout);
                _ = new Regex(TextRules.AnchorPattern(pattern), RegexOptions.CultureInvariant, TextRules.PatternTimeout);
            }
            catch (ArgumentException)
            {
                Add(path, "invalidPattern", $"{where.Ja}の正規表現（pattern）に誤りがあります。", $"{where.En}: the regular expression in pattern is not valid.");
            }
        }

        public void Add(string path, string code, string ja, string en) => _problems.Add(Problem(path, code, ja, en));

        public void WrongType(string path, string expectedJa, string expectedEn) =>
            Add(path, "wrongType", $"{path} は{expectedJa}で指定してください。", $"{path} must be {expectedEn}.");

        public LocalizedText? ReadText(JsonElement element, string path, Where where)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                WrongType(path, "{ \"ja\": \"…\", \"en\": \"…\" } の形のオブジェクト", "an object like { \"ja\": \"…\", \"en\": \"…\" }");
                return null;
            }

            var o = new Scope(this, element, path, _textProperties);
            var ja = o.String("ja");
            var en = o.String("en");
            if (string.IsNullOrWhiteSpace(ja) && o.Get("ja") is null or { ValueKind: JsonValueKind.String })
            {
                Add(path + ".ja", "required", $"{where.Ja}の日本語（ja）を入力してください。", $"{where.En} needs Japanese text (ja).");
            }

            o.ReportUnknown();
            return new LocalizedText(ja ?? "", string.IsNullOrEmpty(en) ? null : en);
        }
    }

    /// <summary>One JSON object being read: typed getters that report wrong types, plus unknown and duplicate names.</summary>
    private sealed class Scope
    {
        private readonly Reader _reader;
        private readonly string _path;
        private readonly string[] _known;
        private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
        private readonly List<string> _unknown = [];

        public Scope(Reader reader, JsonElement element, string path, string[] known)
        {
            _reader = reader;
            _path = path;
            _known = known;
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    _unknown.Add(property.Name);
                }
                else if (!_values.TryAdd(property.Name, property.Value))
                {
                    _reader.Add(Child(property.Name), "duplicateProperty", $"{Child(property.Name)} が2回以上書かれています。", $"{Child(property.Name)} appears more than once.");
                }
            }
        }

        public string Child(string name) => ChildPath(_path, name);

        /// <summary>The value, or null when absent or JSON null (null means "not given" everywhere in the format).</summary>
        public JsonElement? Get(string name) =>
            _values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public bool Has(string name) => Get(name) is not null;

        public string? String(string name)
        {
            if (Get(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            _reader.WrongType(Child(name), "文字列", "a string");
            return null;
        }

        public int? Int(string name)
        {
            if (Get(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result))
            {
                return result;
            }

            _reader.WrongType(Child(name), "整数", "a whole number");
            return null;
        }

        public long? Long(string name)
        {
            if (Get(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result))
            {
                return result;
            }

            _reader.WrongType(Child(name), "整数", "a whole number");
            return null;
        }

        public decimal? Decimal(string name)
        {
            if (Get(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var result))
            {
                return result;
            }

            _reader.WrongType(Child(name), "数値", "a number");
            return null;
        }

        public bool? Bool(string name)
        {
            if (Get(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            _reader.WrongType(Child(name), "true か false", "true or false");
            return null;
        }

        public JsonElement? Object(string name)
        {
            if (Get(name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Object)
            {
                return value;
            }

            _reader.WrongType(Child(name), "オブジェクト", "an object");
            return null;
        }

        public LocalizedText? Text(string name, bool required, Where where)
        {
            if (Get(name) is not { } value)
            {
                if (required)
                {
                    _reader.Add(Child(name), "required", $"{where.Ja}を指定してください（日本語 ja は必須）。", $"{where.En} is required (Japanese \"ja\" at least).");
                }

                return null;
            }

            return _reader.ReadText(value, Child(name), where);
        }

        /// <summary>Items with their paths; empty when absent. A non-array is reported once per call site's first read.</summary>
        public List<(JsonElement Element, string Path)> Array(string name)
        {
            var items = new List<(JsonElement, string)>();
            if (Get(name) is not { } value)
            {
                return items;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                if (_reportedNonArray.Add(name))
                {
                    _reader.WrongType(Child(name), "配列", "an array");
                }

                return items;
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                items.Add((item, $"{Child(name)}[{index}]"));
                index++;
            }

            return items;
        }

        private readonly HashSet<string> _reportedNonArray = new(StringComparer.Ordinal);

        public void ReportUnknown()
        {
            foreach (var name in _unknown)
            {
                var known = string.Join(", ", _known);
                _reader.Add(Child(name), "unknownProperty",
                    $"{Child(name)} は定義にないプロパティです。綴りを確認してください（使えるもの：{known}）。",
                    $"{Child(name)} is not a known property; check the spelling (known here: {known}).");
            }
        }
    }

    private static string ChildPath(string parent, string name)
    {
        var simple = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return simple ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
    }
}
