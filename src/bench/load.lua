-- wrk script of the benchmark (src/bench/Bench.java runs it): every request takes the next line of
-- a file, so each request carries a distinct body (POST) or path (GET), and every response is
-- checked against the expected status.
-- wrk -s load.lua URL -- FILE START THREADS MODE EXPECTED [HEADER...]
--   MODE post-json: each line is a JSON body POSTed to the URL's path; get: each line is a path.
local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   lines = {}
   for line in io.lines(args[1]) do
      lines[#lines + 1] = line
   end
   nlines = #lines
   local start = tonumber(args[2])
   step = tonumber(args[3])
   mode = args[4]
   expected = tonumber(args[5])
   headers = {}
   for i = 6, #args do
      local name, value = args[i]:match("^([^:]+):%s*(.*)$")
      headers[name] = value
   end
   if mode == "post-json" then
      headers["Content-Type"] = "application/json"
   end
   index = start + id
   used = 0
   ok = 0
   bad = 0
   firstbad = ""
end

function request()
   local line = lines[(index % #lines) + 1]
   index = index + step
   used = used + 1
   if mode == "get" then
      return wrk.format("GET", line, headers)
   end
   return wrk.format("POST", wrk.path, headers, line)
end

function response(status, hdrs, body)
   if status == expected then
      ok = ok + 1
   else
      bad = bad + 1
      if firstbad == "" then
         firstbad = status .. " " .. string.sub(body or "", 1, 200)
      end
   end
end

function done(summary, latency, requests)
   local ok_all, bad_all, used_all, first, nlines_all = 0, 0, 0, "", 0
   for _, t in ipairs(threads) do
      ok_all = ok_all + t:get("ok")
      bad_all = bad_all + t:get("bad")
      used_all = used_all + t:get("used")
      nlines_all = t:get("nlines")
      if first == "" then first = t:get("firstbad") end
   end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d ok=%d bad=%d sent=%d lines=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
      summary.requests, ok_all, bad_all, used_all, nlines_all, summary.duration,
      latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout))
   if first ~= "" then
      io.write("FIRSTBAD " .. first:gsub("\n", " ") .. "\n")
   end
end
