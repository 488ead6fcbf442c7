// Verifies one received webhook with the standardwebhooks npm package (an independent implementation of the
// Standard Webhooks specification). Input on stdin: {"secret", "headers": {...}, "body", "now"} where "now" is the
// receiver's clock in unix seconds (the tests control Madoguchi's clock). Prints "ok" or "fail: <reason>".
"use strict";
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { secret, headers, body, now } = JSON.parse(input);
  if (typeof now === "number") {
    Date.now = () => now * 1000;
  }
  try {
    new Webhook(secret).verify(body, headers);
    console.log("ok");
  } catch (e) {
    console.log("fail: " + e.message);
  }
});
