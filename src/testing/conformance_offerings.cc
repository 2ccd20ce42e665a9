#include "testing/conformance_offerings.h"

#include "mcp/input.h"

namespace tally::testing {

using mcp::json;

namespace {

constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg"
    "==";

json user(json content) {
  return json{{"role", "user"}, {"content", std::move(content)}};
}
json text(const std::string& t) {
  return json{{"type", "text"}, {"text", t}};
}

/// The elicitation answer's content field, as the everything-server reads it.
std::string answered(const json& answer, const char* field) {
  const json content = answer.value("content", json::object());
  return content.is_object() && content.contains(field) && content[field].is_string()
             ? content[field].get<std::string>()
             : "unknown";
}

json elicit(const std::string& message, const char* field, const char* type = "string") {
  json schema = json::object();
  schema["type"] = "object";
  schema["properties"][field] = {{"type", type}};
  schema["required"] = json::array({field});
  return json{{"method", "elicitation/create"},
              {"params", {{"message", message}, {"requestedSchema", schema}}}};
}

std::vector<std::string> starting_with(const std::vector<std::string>& all,
                                       const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& v : all)
    if (v.rfind(prefix, 0) == 0) out.push_back(v);
  return out;
}

}  // namespace

std::vector<mcp::PromptSpec> conformance_prompts() {
  std::vector<mcp::PromptSpec> p;
  p.push_back({.name = "test_simple_prompt",
               .title = "Simple Test Prompt",
               .description = "A simple prompt without arguments",
               .handler = [](const json&, mcp::CallContext&) {
                 return json{{"messages", {user(text("This is a simple prompt for testing."))}}};
               }});
  p.push_back(
      {.name = "test_prompt_with_arguments",
       .title = "Prompt With Arguments",
       .description = "A prompt with required arguments",
       .arguments =
           {{.name = "arg1",
             .description = "First test argument",
             .required = true,
             .complete =
                 [](const std::string& value, const json&, mcp::CallContext&) {
                   return starting_with({"paris", "park", "party", "test", "testing"}, value);
                 }},
            {.name = "arg2", .description = "Second test argument", .required = true}},
       .handler = [](const json& a, mcp::CallContext&) {
         return json{{"messages",
                      {user(text("Prompt with arguments: arg1='" + a["arg1"].get<std::string>() +
                                 "', arg2='" + a["arg2"].get<std::string>() + "'"))}}};
       }});
  p.push_back({.name = "test_prompt_with_embedded_resource",
               .title = "Prompt With Embedded Resource",
               .description = "A prompt that includes an embedded resource",
               .arguments = {{.name = "resourceUri",
                              .description = "URI of the resource to embed",
                              .required = true}},
               .handler = [](const json& a, mcp::CallContext&) {
                 return json{{"messages",
                              {user({{"type", "resource"},
                                     {"resource",
                                      {{"uri", a["resourceUri"]},
                                       {"mimeType", "text/plain"},
                                       {"text", "Embedded resource content for testing."}}}}),
                               user(text("Please process the embedded resource above."))}}};
               }});
  p.push_back({.name = "test_prompt_with_image",
               .title = "Prompt With Image",
               .description = "A prompt that includes image content",
               .handler = [](const json&, mcp::CallContext&) {
                 return json{{"messages",
                              {user({{"type", "image"}, {"data", kPng}, {"mimeType", "image/png"}}),
                               user(text("Please analyze the image above."))}}};
               }});
  p.push_back({.name = "test_input_required_result_prompt",
               .description = "MRTR: prompt that requires elicitation input",
               .handler = [](const json&, mcp::CallContext& ctx) {
                 json answers = mcp::ask(
                     ctx,
                     {{"user_context", elicit("What context should the prompt use?", "context")}});
                 return json{{"messages",
                              {user(text("Prompt with context: " +
                                         answered(answers["user_context"], "context")))}}};
               }});
  return p;
}

std::vector<mcp::ResourceSpec> conformance_resources() {
  auto fixed = [](std::string uri, std::string name, std::string title, std::string description,
                  std::string mime, json content) {
    return mcp::ResourceSpec{
        .uri = uri,
        .name = std::move(name),
        .title = std::move(title),
        .description = std::move(description),
        .mime_type = mime,
        .handler = [uri, mime, content](const std::string&, mcp::CallContext&) {
          json entry = content;
          entry["uri"] = uri;
          entry["mimeType"] = mime;
          return json::array({entry});
        }};
  };
  std::vector<mcp::ResourceSpec> r;
  r.push_back(fixed("test://static-text", "static-text", "Static Text Resource",
                    "A static text resource for testing", "text/plain",
                    {{"text", "This is the content of the static text resource."}}));
  r.push_back(fixed("test://static-binary", "static-binary", "Static Binary Resource",
                    "A static binary resource (image) for testing", "image/png", {{"blob", kPng}}));
  r.push_back(fixed("test://watched-resource", "watched-resource", "Watched Resource",
                    "A resource clients may subscribe to", "text/plain",
                    {{"text", "Watched resource content"}}));
  return r;
}

std::vector<mcp::ResourceTemplateSpec> conformance_resource_templates() {
  std::vector<mcp::ResourceTemplateSpec> t;
  t.push_back({.uri_template = "test://template/{id}/data",
               .name = "template",
               .title = "Resource Template",
               .description = "A resource template with parameter substitution",
               .mime_type = "application/json",
               .handler =
                   [](const std::string& uri, const std::map<std::string, std::string>& vars,
                      mcp::CallContext&) {
                     const std::string& id = vars.at("id");
                     json data{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
                     return json::array(
                         {{{"uri", uri}, {"mimeType", "application/json"}, {"text", data.dump()}}});
                   },
               .complete = {{"id", [](const std::string& value, const json&, mcp::CallContext&) {
                               return starting_with({"123", "456", "789"}, value);
                             }}}});
  return t;
}

namespace {

mcp::ToolSpec asking(std::string name, std::string description, mcp::Handler handler) {
  return mcp::ToolSpec{.name = std::move(name),
                       .title = "",
                       .description = std::move(description),
                       .input_schema = json{{"type", "object"}, {"properties", json::object()}},
                       .output_schema = nullptr,
                       .annotations = {.read_only = true, .idempotent = true},
                       .handler = std::move(handler)};
}

mcp::ToolResult says(const std::string& t) {
  return mcp::ToolResult::blocks(json::array({text(t)}));
}

json sample(const std::string& prompt, int max_tokens) {
  return json{{"method", "sampling/createMessage"},
              {"params", {{"messages", {user(text(prompt))}}, {"maxTokens", max_tokens}}}};
}

json roots() {
  return json{{"method", "roots/list"}, {"params", json::object()}};
}

std::size_t root_count(const json& answer) {
  return answer.contains("roots") && answer["roots"].is_array() ? answer["roots"].size() : 0;
}

}  // namespace

std::vector<mcp::ToolSpec> input_required_tools() {
  std::vector<mcp::ToolSpec> t;
  t.push_back(
      asking("test_input_required_result_elicitation", "MRTR: asks the user's name (elicitation)",
             [](const mcp::Args&, mcp::CallContext& ctx) {
               json a = mcp::ask(ctx, {{"user_name", elicit("What is your name?", "name")}});
               return says("Hello, " + answered(a["user_name"], "name") + "!");
             }));
  t.push_back(asking(
      "test_input_required_result_sampling", "MRTR: asks the client's model (sampling)",
      [](const mcp::Args&, mcp::CallContext& ctx) {
        json a = mcp::ask(ctx, {{"sample_request", sample("What is the capital of France?", 100)}});
        json content = a["sample_request"].value("content", json::object());
        return says("Sampling result: " + (content.is_object()
                                               ? content.value("text", std::string("no response"))
                                               : std::string("no response")));
      }));
  t.push_back(asking("test_input_required_result_list_roots", "MRTR: asks the client's roots",
                     [](const mcp::Args&, mcp::CallContext& ctx) {
                       json a = mcp::ask(ctx, {{"roots_request", roots()}});
                       return says("Found " + std::to_string(root_count(a["roots_request"])) +
                                   " root(s)");
                     }));
  t.push_back(asking(
      "test_input_required_result_request_state", "MRTR: a confirmation carried with requestState",
      [](const mcp::Args&, mcp::CallContext& ctx) {
        json a = mcp::ask(ctx, {{"confirm", elicit("Please confirm", "ok", "boolean")}});
        return says("state-ok: requestState validated");
      }));
  t.push_back(asking(
      "test_input_required_result_multiple_inputs", "MRTR: elicitation, sampling and roots at once",
      [](const mcp::Args&, mcp::CallContext& ctx) {
        json a = mcp::ask(ctx, {{"user_name", elicit("What is your name?", "name")},
                                {"greeting", sample("Generate a greeting", 50)},
                                {"client_roots", roots()}});
        json greeting = a["greeting"].value("content", json::object());
        return says("Name: " + answered(a["user_name"], "name") + "; Greeting: " +
                    (greeting.is_object() ? greeting.value("text", std::string("Hello there!"))
                                          : std::string("Hello there!")) +
                    "; Roots: " + std::to_string(root_count(a["client_roots"])));
      }));
  t.push_back(asking(
      "test_input_required_result_multi_round", "MRTR: two rounds of questions",
      [](const mcp::Args&, mcp::CallContext& ctx) {
        json first = mcp::ask(ctx, {{"step1", elicit("Step 1: What is your name?", "name")}});
        json second =
            mcp::ask(ctx, {{"step2", elicit("Step 2: What is your favorite color?", "color")}});
        return says("Multi-round complete for " + answered(first["step1"], "name") + " who likes " +
                    answered(second["step2"], "color"));
      }));
  t.push_back(asking("test_input_required_result_tampered_state",
                     "MRTR: requestState is sealed against tampering",
                     [](const mcp::Args&, mcp::CallContext& ctx) {
                       mcp::ask(ctx, {{"confirm", elicit("Please confirm", "ok", "boolean")}});
                       return says("integrity-ok: state verified");
                     }));
  t.push_back(asking("test_input_required_result_capabilities",
                     "MRTR: asks only what the client can answer",
                     [](const mcp::Args&, mcp::CallContext& ctx) {
                       json requests = json::object();
                       if (ctx.client_capabilities().contains("elicitation"))
                         requests["elicit_input"] = elicit("Elicitation input", "value");
                       if (ctx.client_capabilities().contains("sampling"))
                         requests["sample_input"] = sample("Sample request", 50);
                       if (requests.empty()) return says("No supported capabilities declared");
                       json a = mcp::ask(ctx, requests);
                       std::string keys;
                       for (const auto& [key, _] : a.items())
                         keys += (keys.empty() ? "" : ",") + key;
                       return says("capabilities-ok: received " + keys);
                     }));
  // Diagnostic tools of the 2026-07-28 server-stateless scenario.
  t.push_back(asking("test_missing_capability", "Needs the client's sampling capability (−32021 without it)",
                     [](const mcp::Args&, mcp::CallContext& ctx) {
                       json a = mcp::ask(ctx, {{"sample", sample("Say hello", 20)}});
                       json content = a["sample"].value("content", json::object());
                       return says("Sampled: " + (content.is_object() ? content.value("text", std::string())
                                                                      : std::string()));
                     }));
  t.push_back(asking("test_streaming_elicitation", "Reports progress, then asks the user a question",
                     [](const mcp::Args&, mcp::CallContext& ctx) {
                       ctx.progress(0, 1, "asking");
                       json a = mcp::ask(ctx, {{"answer", elicit("Continue?", "value")}});
                       return says("Answered: " + answered(a["answer"], "value"));
                     }));
  t.push_back(asking("test_logging_tool", "Logs three messages, which reach only a client that set logLevel",
                     [](const mcp::Args&, mcp::CallContext& ctx) {
                       for (const char* m : {"started", "working", "done"})
                         ctx.log(mcp::LogLevel::kInfo, "test", std::string("test_logging_tool ") + m);
                       return says("Logged three messages");
                     }));
  return t;
}

}  // namespace tally::testing
