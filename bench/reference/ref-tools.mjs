// The reference's three tools (list_transactions, log_transaction,
// get_financial_summary), written the way a TypeScript user would with the
// official SDK (registerTool + zod) over better-sqlite3. Shared by the stdio
// server (ref-server.mjs) and the Streamable HTTP one (ref-http-server.mjs):
// `referenceTools(db)` prepares the statements once and returns a function
// that registers the three tools on an McpServer (the HTTP server makes one
// McpServer per request, as the SDK's stateless example does).
import { modulesRequire } from "./node-modules.mjs";

const require = modulesRequire();
const { z } = require("zod");

export const SERVER_INFO = { name: "perfanchor-ts-reference", version: "0.1.0" };

export function referenceTools(db) {
  // [name, config, handler] for each tool, in registration order.
  const tools = [];
  const tool = (name, config, handler) => tools.push([name, config, handler]);
  const json = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }] });
  const toolError = (message) => ({ isError: true, content: [{ type: "text", text: message }] });
  const isoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date");

  // ---- list_transactions: newest first, optional filters, cursor `before`.
  const listCache = new Map();
  function listStatement(filters) {
    const key = filters.join(",");
    if (!listCache.has(key)) {
      const cond = (f) => (f === "created_at" ? "created_at < @created_at" : `${f} = @${f}`);
      const where = filters.length ? `WHERE ${filters.map(cond).join(" AND ")}` : "";
      const sql =
        `SELECT id, card_id AS cardId, type, unit, amount, note, created_at AS createdAt FROM reward_transactions ` +
        `${where} ORDER BY created_at DESC, id DESC LIMIT @limit`;
      listCache.set(key, db.prepare(sql));
    }
    return listCache.get(key);
  }
  tool(
    "list_transactions",
    {
      title: "List reward transactions",
      description: "Returns recent earn/redeem transactions, newest first.",
      inputSchema: {
        cardId: z.string().max(80).optional().describe("Restrict to one card."),
        type: z.enum(["earn", "redeem"]).optional(),
        unit: z.enum(["points", "cashback"]).optional(),
        limit: z.number().int().min(1).max(500).default(50),
        before: isoDate.optional().describe("Cursor pagination: return only items older than this."),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ cardId, type, unit, limit, before }) => {
      const params = { limit };
      const filters = [];
      if (cardId !== undefined) (filters.push("card_id"), (params.card_id = cardId));
      if (type !== undefined) (filters.push("type"), (params.type = type));
      if (unit !== undefined) (filters.push("unit"), (params.unit = unit));
      if (before !== undefined) (filters.push("created_at"), (params.created_at = new Date(before).toISOString()));
      const transactions = listStatement(filters).all(params);
      const last = transactions[transactions.length - 1];
      return json({ transactions, nextBefore: transactions.length === limit && last ? last.createdAt : null });
    }
  );

  // ---- log_transaction: insert + balance update in one SQLite transaction.
  const getCard = db.prepare("SELECT id, unit, balance FROM cards WHERE id = ?");
  const insertTx = db.prepare(
    "INSERT INTO reward_transactions (card_id, type, unit, amount, note, created_at) VALUES (?, ?, ?, ?, ?, ?)"
  );
  const setBalance = db.prepare("UPDATE cards SET balance = ? WHERE id = ?");
  class ToolFailure extends Error {}
  const logTx = db.transaction((cardId, type, unit, minor, note) => {
    const card = getCard.get(cardId);
    if (!card) throw new ToolFailure("Card not found.");
    if (card.unit !== unit) throw new ToolFailure(`Unit mismatch: card ${cardId} earns ${card.unit}.`);
    const balance = type === "earn" ? card.balance + minor : card.balance - minor;
    if (balance < 0) throw new ToolFailure(`Insufficient ${unit} to redeem: balance is ${card.balance}.`);
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = insertTx.run(cardId, type, unit, minor, note ?? null, createdAt);
    setBalance.run(balance, cardId);
    return { id: Number(lastInsertRowid), cardId, type, unit, amount: minor, note: note ?? null, createdAt, balance };
  });
  tool(
    "log_transaction",
    {
      title: "Log a reward transaction",
      description:
        "Records an earn or redeem transaction on a card you own. The card's balance is updated atomically; " +
        "the unit must match the card's reward type.",
      inputSchema: {
        cardId: z.string().min(1).max(80),
        type: z.enum(["earn", "redeem"]),
        unit: z.enum(["points", "cashback"]),
        amount: z.number().positive().max(1e12),
        note: z.string().max(200).optional().describe("Optional free-text label."),
      },
    },
    async ({ cardId, type, unit, amount, note }) => {
      // points are whole numbers; cashback is money, stored as integer cents.
      let minor;
      if (unit === "points") {
        if (!Number.isInteger(amount)) return toolError("amount must be an integer for points cards.");
        minor = amount;
      } else {
        minor = Math.round(amount * 100);
        if (Math.abs(minor - amount * 100) > 1e-6) return toolError("amount has more than 2 decimal places.");
      }
      try {
        return json({ transaction: logTx(cardId, type, unit, minor, note) });
      } catch (e) {
        if (e instanceof ToolFailure) return toolError(e.message);
        throw e;
      }
    }
  );

  // ---- get_financial_summary: SUM aggregates over invoices, expenses, payments.
  const summary = db.prepare(`
    SELECT
      (SELECT COALESCE(SUM(amount_cents), 0) FROM invoices WHERE status = 'open' AND due_on < @today) AS overdueCents,
      (SELECT COUNT(*) FROM invoices WHERE status = 'open' AND due_on < @today) AS overdueCount,
      (SELECT COALESCE(SUM(amount_cents), 0) FROM invoices WHERE status = 'open') AS outstandingCents,
      (SELECT COALESCE(SUM(amount_cents), 0) FROM expenses WHERE spent_on BETWEEN @start AND @end) AS expensesCents,
      (SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE paid_on BETWEEN @start AND @end) AS incomeCents
  `);
  tool(
    "get_financial_summary",
    {
      title: "Financial summary",
      description:
        "Get a financial summary for your organization: total overdue invoices, outstanding invoices, " +
        "total expenses, and total income for a given period.",
      inputSchema: {
        startDate: isoDate.optional().describe("Start of period (ISO 8601); default: all history."),
        endDate: isoDate.optional().describe("End of period (ISO 8601); default: today."),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ startDate, endDate }) => {
      const today = new Date().toISOString().slice(0, 10);
      const start = startDate ? new Date(startDate).toISOString().slice(0, 10) : "0000-01-01";
      const end = endDate ? new Date(endDate).toISOString().slice(0, 10) : "9999-12-31";
      const row = summary.get({ today, start, end });
      return json({ currency: "USD", period: { start, end }, ...row, netCents: row.incomeCents - row.expensesCents });
    }
  );

  return (server) => {
    for (const [name, config, handler] of tools) server.registerTool(name, config, handler);
  };
}
