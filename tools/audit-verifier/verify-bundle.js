#!/usr/bin/env node
'use strict';
/*
 * Standalone verifier of a Huiminbao ledger audit bundle (`ledger audit export`).
 *
 *   node verify-bundle.js <bundle.json> --public-key <key.pem | base64 SPKI>
 *
 * Plain Node.js (18 or later), no dependency, nothing from the ledger's code: an auditor reads
 * this one file, and runs it on the bundle alone with the public key the ledger published
 * (`ledger audit public-key`). It checks, in order, and stops at the first failure, naming it:
 *   1. the file is the canonical JSON the ledger writes (so no byte escapes the checks below);
 *   2. the bundle's key is the key given, and every seal in it is signed by that key (Ed25519);
 *   3. every event of the plan hashes to its per-stream hash and links to the previous one;
 *   4. the leaves (the plan's events in full, every other event as position, plan, entry hash)
 *      hash to the sealed root (RFC 9162 Merkle tree), and no leaf of the plan is a bare hash:
 *      nothing of the plan was left out;
 *   5. every earlier seal is a prefix of the anchor seal (its root, and its RFC 9162 proof);
 *   6. township progress and coinsurance totals recomputed from the events equal the ledger's.
 * Formats: docs/audit.md. Exit 0 verified, 1 failed, 2 usage.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');

const FORMAT = 'huiminbao-ledger.audit-bundle';
const SEAL_PREFIX = 'huiminbao-ledger/seal/v1\n';
const GENESIS = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
const POSITION = /^(\d{1,20})(?:\/(\d{1,20}))?$/;

class UsageError extends Error {}

class BundleError extends Error {
  constructor(where, message) {
    super(`${where}: ${message}`);
    this.where = where;
  }
}

// ---- canonical JSON (docs/events.md): sorted keys, no whitespace, JSON.stringify for scalars

function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return '[' + value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',') + ']';
  }
  const keys = Object.keys(value).sort();
  const parts = [];
  for (const k of keys) {
    if (value[k] === undefined) continue;
    parts.push(JSON.stringify(k) + ':' + canonical(value[k]));
  }
  return '{' + parts.join(',') + '}';
}

const sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

// ---- RFC 9162 §2.1 Merkle tree

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);
const hashLeaf = (text) => sha256(LEAF, Buffer.from(text, 'utf8'));
const hashChildren = (l, r) => sha256(NODE, l, r);

function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start:end]) over leaf hashes. */
function treeHash(leaves, start, end) {
  if (end - start === 0) return sha256();
  if (end - start === 1) return leaves[start];
  const k = split(end - start);
  return hashChildren(treeHash(leaves, start, start + k), treeHash(leaves, start + k, end));
}

function isPowerOfTwo(n) {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

/** RFC 9162 §2.1.4.2. */
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof.slice();
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

// ---- seals

function checkSeal(seal, publicKey, keyId, where) {
  if (!seal || typeof seal !== 'object' || Array.isArray(seal))
    throw new BundleError(where, 'not a seal');
  expectKeys(seal, ['body', 'signature'], where);
  const b = seal.body;
  if (!b || typeof b !== 'object' || Array.isArray(b))
    throw new BundleError(where, 'seal body missing');
  expectKeys(
    b,
    ['keyId', 'lastPosition', 'rootHash', 'sealedAt', 'treeSize', 'version'],
    `${where}.body`,
  );
  if (b.version !== 1) throw new BundleError(`${where}.body.version`, 'must be 1');
  if (!Number.isSafeInteger(b.treeSize) || b.treeSize < 1)
    throw new BundleError(`${where}.body.treeSize`, 'not a positive integer');
  if (typeof b.rootHash !== 'string' || !HEX64.test(b.rootHash))
    throw new BundleError(`${where}.body.rootHash`, 'not 64 hex digits');
  if (typeof b.lastPosition !== 'string' || !POSITION.test(b.lastPosition))
    throw new BundleError(`${where}.body.lastPosition`, 'not a log position');
  if (b.keyId !== keyId)
    throw new BundleError(
      `${where}.body.keyId`,
      `signed by key ${String(b.keyId).slice(0, 16)}…, not the key you trust (${keyId.slice(0, 16)}…)`,
    );
  if (typeof seal.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(seal.signature))
    throw new BundleError(`${where}.signature`, 'not base64');
  const signed = Buffer.from(SEAL_PREFIX + canonical(b), 'utf8');
  if (!crypto.verify(null, signed, publicKey, Buffer.from(seal.signature, 'base64')))
    throw new BundleError(
      `${where}.signature`,
      'the Ed25519 signature does not match the seal (altered seal, or another key)',
    );
  return b;
}

// ---- events: per-stream hash (docs/events.md) and the commitment's entry and leaf (docs/audit.md)

/** The per-stream hash recomputed from an event's content (docs/events.md). */
function chainHash(e) {
  const prevHash = typeof e.metadata.prevHash === 'string' ? e.metadata.prevHash : '';
  const covered = {};
  for (const k of Object.keys(e.metadata)) {
    if (k === 'hash' || k === 'prevHash') continue;
    // defineProperty: an own "__proto__" key stays a key, as in the ledger.
    Object.defineProperty(covered, k, {
      value: e.metadata[k],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  covered.prevHash = prevHash;
  const body = canonical({
    data: e.data,
    eventId: e.eventId,
    metadata: covered,
    prevHash,
    revision: e.revision,
    streamId: e.streamId,
    type: e.type,
  });
  return sha256(Buffer.from(body, 'utf8')).toString('hex');
}

/** The commitment's entry of an event: its content digest, its stored hash, its recorded time. */
function entryHash(e) {
  const entry = {
    content: chainHash(e),
    hash: e.metadata.hash === undefined ? null : e.metadata.hash,
    recordedAt: e.recordedAt,
  };
  return sha256(Buffer.from(canonical(entry), 'utf8')).toString('hex');
}

const leafOf = (position, scope, entryHex) =>
  hashLeaf(canonical({ entry: entryHex, position, scope }));

function scopeOf(data) {
  return data !== null && typeof data === 'object' && typeof data.planId === 'string'
    ? data.planId
    : null;
}

function parsePosition(text) {
  const m = POSITION.exec(text);
  if (!m) return undefined;
  const commit = BigInt(m[1]);
  return { commit, prepare: m[2] === undefined ? commit : BigInt(m[2]) };
}

function comparePositions(a, b) {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

const formatPosition = (p) => (p.commit === p.prepare ? `${p.commit}` : `${p.commit}/${p.prepare}`);

function checkEvent(e, where) {
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new BundleError(where, 'not an event');
  expectKeys(
    e,
    ['data', 'eventId', 'metadata', 'position', 'recordedAt', 'revision', 'streamId', 'type'],
    where,
  );
  for (const k of ['eventId', 'recordedAt', 'streamId', 'type'])
    if (typeof e[k] !== 'string') throw new BundleError(`${where}.${k}`, 'not a string');
  if (typeof e.revision !== 'string' || !/^\d{1,20}$/.test(e.revision))
    throw new BundleError(`${where}.revision`, 'not a revision');
  if (typeof e.position !== 'string' || !parsePosition(e.position))
    throw new BundleError(`${where}.position`, 'not a log position');
  if (!e.metadata || typeof e.metadata !== 'object' || Array.isArray(e.metadata))
    throw new BundleError(`${where}.metadata`, 'not an object');
}

// ---- the plan's figures, recomputed from its events (as docs/views.md defines them)

function largestRemainder(amount, members) {
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const parts = members.map((m, index) => ({
    id: m.insurerId,
    index,
    fen: Math.floor((abs * m.shareBp) / 10000),
    remainder: (abs * m.shareBp) % 10000,
  }));
  let left = abs - parts.reduce((s, p) => s + p.fen, 0);
  const order = parts.slice().sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let i = 0; left > 0; i++, left--) order[i % order.length].fen += 1;
  return new Map(parts.map((p) => [p.id, sign * p.fen + 0]));
}

function recomputeFigures(planId, events, toPosition) {
  const townships = new Map();
  const coin = {
    totalPremiumFen: 0,
    unallocatedFen: 0,
    insurers: {},
    unallocated: new Map(),
    coalition: undefined,
  };
  const names = new Map();
  const allocate = (amount, times) => {
    for (const [id, fen] of largestRemainder(amount, coin.coalition.members))
      coin.insurers[id] = (coin.insurers[id] || 0) + fen * times;
  };
  const record = (amount) => {
    if (amount === 0) return;
    coin.totalPremiumFen += amount;
    if (coin.coalition) return allocate(amount, 1);
    coin.unallocated.set(amount, (coin.unallocated.get(amount) || 0) + 1);
    coin.unallocatedFen += amount;
  };
  const township = (d) => {
    const id = d.townshipId === undefined ? '_unassigned' : d.townshipId;
    if (!townships.has(id))
      townships.set(id, {
        townshipId: id,
        active: 0,
        pending: 0,
        enrolled: 0,
        cancelled: 0,
        lapsed: 0,
        premiumCollectedFen: 0,
      });
    return townships.get(id);
  };
  for (const e of events) {
    if (comparePositions(parsePosition(e.position), toPosition) > 0) continue;
    if (!e.streamId.startsWith('plan-') && !e.streamId.startsWith('policy-')) continue;
    const d = e.data;
    if (e.type === 'PlanPublished' || e.type === 'PlanAmended') {
      const def = e.type === 'PlanPublished' ? d.definition : d.changes;
      for (const t of (def && def.townships) || []) names.set(t.townshipId, t.name && t.name.zh);
      if (def && def.coalition) {
        coin.coalition = def.coalition;
        for (const [amount, count] of coin.unallocated) allocate(amount, count);
        coin.unallocated = new Map();
        coin.unallocatedFen = 0;
      }
      continue;
    }
    if (e.type === 'TownshipTableImported') {
      for (const t of d.townships || []) names.set(t.townshipId, t.name && t.name.zh);
      continue;
    }
    switch (e.type) {
      case 'PolicyEnrolled': {
        const t = township(d);
        let pending = false;
        let paid = 0;
        for (const c of d.contributions) {
          if (c.status === 'pending') pending = true;
          else if (c.status === 'paid') paid += c.amountFen;
        }
        if (pending) t.pending += 1;
        else t.active += 1;
        t.enrolled += 1;
        t.premiumCollectedFen += paid;
        record(paid);
        break;
      }
      case 'PersonalAccountDeductionSettled': {
        const t = township(d);
        t.premiumCollectedFen += d.amountFen;
        if (d.statusAfter === 'active') {
          t.pending -= 1;
          t.active += 1;
        }
        record(d.amountFen);
        break;
      }
      case 'EnrollmentCancelled':
      case 'EnrollmentLapsed': {
        const t = township(d);
        if (d.previousStatus === 'pending_payment') t.pending -= 1;
        else t.active -= 1;
        if (e.type === 'EnrollmentCancelled') t.cancelled += 1;
        else t.lapsed += 1;
        break;
      }
      case 'ContributionRefunded': {
        township(d).premiumCollectedFen -= d.amountFen;
        record(-d.amountFen);
        break;
      }
      case 'EnrollmentReclassifiedAsSubsidized': {
        const t = township(d);
        t.premiumCollectedFen += d.contribution.amountFen;
        if (d.previousStatus === 'pending_payment') {
          t.pending -= 1;
          t.active += 1;
        }
        record(d.contribution.amountFen);
        break;
      }
    }
  }
  const sorted = [...townships.values()].sort((a, b) => (a.townshipId < b.townshipId ? -1 : 1));
  return {
    figures: {
      asOfPosition: formatPosition(toPosition),
      townships: sorted,
      coinsurance: {
        totalPremiumFen: coin.totalPremiumFen,
        unallocatedFen: coin.unallocatedFen,
        insurers: coin.insurers,
      },
    },
    names,
  };
}

/** The first place two JSON values differ, as a path. */
function firstDifference(a, b, path) {
  if (canonical(a) === canonical(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const label =
        a[i] && a[i].townshipId
          ? `[${a[i].townshipId}]`
          : b[i] && b[i].townshipId
            ? `[${b[i].townshipId}]`
            : `[${i}]`;
      const d = firstDifference(a[i], b[i], path + label);
      if (d) return d;
    }
  }
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return { path, ledger: a, events: b };
}

function expectKeys(object, keys, where) {
  const got = Object.keys(object).sort().join(',');
  if (got !== keys.slice().sort().join(','))
    throw new BundleError(where, `has fields ${got || '(none)'}, expected ${keys.join(', ')}`);
}

// ---- the bundle

/**
 * Verifies a bundle's bytes against a trusted public key (PEM or base64 SPKI DER). Returns what
 * it established; throws BundleError naming the first thing wrong.
 */
function verifyBundle(bytes, publicKeyText) {
  const publicKey = parsePublicKey(publicKeyText);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const keyId = sha256(der).toString('hex');
  let bundle;
  const text = bytes.toString('utf8');
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    throw new BundleError('file', `not JSON (${error.message})`);
  }
  const expected = Buffer.from(canonical(bundle) + '\n', 'utf8');
  if (!expected.equals(bytes)) {
    let i = 0;
    while (i < bytes.length && i < expected.length && bytes[i] === expected[i]) i++;
    throw new BundleError(
      `file, byte ${i}`,
      'not the canonical JSON the ledger writes (bytes changed outside any checked value, or the file was re-serialized)',
    );
  }
  if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle))
    throw new BundleError('file', 'not a bundle');
  expectKeys(
    bundle,
    [
      'earlierSeals',
      'format',
      'leaves',
      'ledgerFigures',
      'planId',
      'publicKey',
      'seal',
      'toPosition',
      'version',
    ],
    'bundle',
  );
  if (bundle.format !== FORMAT) throw new BundleError('format', `is not ${FORMAT}`);
  if (bundle.version !== 1) throw new BundleError('version', 'this verifier reads version 1');
  if (typeof bundle.planId !== 'string' || bundle.planId === '')
    throw new BundleError('planId', 'missing');
  if (bundle.publicKey !== der.toString('base64'))
    throw new BundleError(
      'publicKey',
      'is not the public key you trust (the bundle names another signer)',
    );

  const anchor = checkSeal(bundle.seal, publicKey, keyId, 'seal');
  if (!Array.isArray(bundle.earlierSeals)) throw new BundleError('earlierSeals', 'not a list');
  const earlier = bundle.earlierSeals.map((s, i) => {
    if (!s || typeof s !== 'object') throw new BundleError(`earlierSeals[${i}]`, 'not an entry');
    expectKeys(s, ['consistencyProof', 'seal'], `earlierSeals[${i}]`);
    return {
      body: checkSeal(s.seal, publicKey, keyId, `earlierSeals[${i}].seal`),
      proof: s.consistencyProof,
    };
  });

  if (!Array.isArray(bundle.leaves)) throw new BundleError('leaves', 'not a list');
  if (bundle.leaves.length !== anchor.treeSize)
    throw new BundleError(
      'leaves',
      `${bundle.leaves.length} leaves, but the seal covers ${anchor.treeSize} events (events added or removed)`,
    );
  const leaves = [];
  const planEvents = [];
  const others = new Map();
  const streams = new Map();
  let previous;
  bundle.leaves.forEach((leaf, i) => {
    let position;
    let scope;
    let entry;
    let where = `leaves[${i}]`;
    if (Array.isArray(leaf)) {
      if (leaf.length !== 3)
        throw new BundleError(where, 'a hashed leaf is [position, plan, entry hash]');
      [position, scope, entry] = leaf;
      where += ` (position ${position})`;
      if (typeof position !== 'string' || !parsePosition(position))
        throw new BundleError(where, 'not a log position');
      if (scope !== null && typeof scope !== 'string')
        throw new BundleError(where, 'plan must be a string or null');
      if (typeof entry !== 'string' || !HEX64.test(entry))
        throw new BundleError(where, 'entry hash is not 64 hex digits');
      if (scope === bundle.planId)
        throw new BundleError(
          where,
          `an event of plan ${bundle.planId} was left out of the bundle (only its hash is here)`,
        );
      others.set(scope, (others.get(scope) || 0) + 1);
    } else {
      if (!leaf || typeof leaf !== 'object') throw new BundleError(where, 'not a leaf');
      expectKeys(leaf, ['event'], where);
      const e = leaf.event;
      checkEvent(e, `${where}.event`);
      position = e.position;
      where += ` (position ${position}, ${e.streamId}@${e.revision})`;
      scope = scopeOf(e.data);
      if (scope !== bundle.planId)
        throw new BundleError(
          where,
          `belongs to ${scope === null ? 'no plan' : `plan ${scope}`}, not ${bundle.planId}`,
        );
      if (e.metadata.hash !== chainHash(e))
        throw new BundleError(
          where,
          'its content does not match its per-stream hash (altered event)',
        );
      const last = streams.get(e.streamId);
      if (
        last &&
        BigInt(e.revision) === BigInt(last.revision) + 1n &&
        e.metadata.prevHash !== last.metadata.hash
      )
        throw new BundleError(
          where,
          'its prevHash is not the hash of the previous event of its stream',
        );
      if (!last && e.revision === '0' && e.metadata.prevHash !== GENESIS)
        throw new BundleError(where, 'the first event of a stream must have prevHash 0…0');
      if (last && BigInt(e.revision) <= BigInt(last.revision))
        throw new BundleError(
          where,
          `revision ${e.revision} after revision ${last.revision} of the same stream`,
        );
      streams.set(e.streamId, e);
      entry = entryHash(e);
      planEvents.push(e);
    }
    const p = parsePosition(position);
    if (previous && comparePositions(p, previous) <= 0)
      throw new BundleError(where, 'positions must grow in log order');
    previous = p;
    leaves.push(leafOf(position, scope, entry));
  });

  const root = treeHash(leaves, 0, leaves.length);
  if (root.toString('hex') !== anchor.rootHash)
    throw new BundleError(
      'leaves',
      'do not hash to the sealed root: an event, a position, a plan or an entry hash in the bundle differs from what was sealed',
    );
  if (formatPosition(previous) !== formatPosition(parsePosition(anchor.lastPosition)))
    throw new BundleError(
      'seal.body.lastPosition',
      `is ${anchor.lastPosition}, the last leaf is at ${formatPosition(previous)}`,
    );

  let size = 0;
  earlier.forEach(({ body, proof }, i) => {
    const where = `earlierSeals[${i}]`;
    if (body.treeSize <= size || body.treeSize >= anchor.treeSize)
      throw new BundleError(where, 'earlier seals must grow and precede the anchor seal');
    size = body.treeSize;
    if (treeHash(leaves, 0, body.treeSize).toString('hex') !== body.rootHash)
      throw new BundleError(
        where,
        `the first ${body.treeSize} leaves do not hash to this seal's root: history it sealed differs`,
      );
    if (!Array.isArray(proof) || !proof.every((h) => typeof h === 'string' && HEX64.test(h)))
      throw new BundleError(`${where}.consistencyProof`, 'not a list of 64-hex hashes');
    const hashes = proof.map((h) => Buffer.from(h, 'hex'));
    if (
      !verifyConsistency(
        body.treeSize,
        anchor.treeSize,
        Buffer.from(body.rootHash, 'hex'),
        root,
        hashes,
      )
    )
      throw new BundleError(
        `${where}.consistencyProof`,
        'does not prove this seal a prefix of the anchor seal (RFC 9162)',
      );
  });

  if (typeof bundle.toPosition !== 'string' || !parsePosition(bundle.toPosition))
    throw new BundleError('toPosition', 'not a log position');
  const to = parsePosition(bundle.toPosition);
  if (comparePositions(to, parsePosition(anchor.lastPosition)) > 0)
    throw new BundleError('toPosition', `is after the sealed log (${anchor.lastPosition})`);
  if (
    !bundle.leaves.some((l) => (Array.isArray(l) ? l[0] : l.event.position) === bundle.toPosition)
  )
    throw new BundleError('toPosition', 'is no event of the log');

  const { figures, names } = recomputeFigures(bundle.planId, planEvents, to);
  const difference = firstDifference(bundle.ledgerFigures, figures, 'ledgerFigures');
  if (difference)
    throw new BundleError(
      difference.path,
      `the ledger says ${JSON.stringify(difference.ledger)}, the events give ${JSON.stringify(difference.events)}`,
    );
  return {
    bundle,
    anchor,
    earlier: earlier.length,
    planEvents,
    others,
    streams: streams.size,
    figures,
    names,
    keyId,
  };
}

function parsePublicKey(text) {
  const t = String(text).trim();
  // A PEM block anywhere in the text (`ledger audit public-key` prints a comment line first).
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(t);
  try {
    const key = pem
      ? crypto.createPublicKey(pem[0])
      : crypto.createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (error) {
    throw new UsageError(
      `--public-key: not an Ed25519 public key (SPKI PEM or base64 DER): ${error.message}`,
    );
  }
}

// ---- command line

function report(r) {
  const a = r.anchor;
  const out = [];
  out.push(`bundle of plan ${r.bundle.planId} as of log position ${r.bundle.toPosition}`);
  out.push(
    `seal: ${a.treeSize} events up to position ${a.lastPosition}, root ${a.rootHash}, sealed ${a.sealedAt}, key ${r.keyId}`,
  );
  out.push(
    `  signature verified; ${r.earlier} earlier seal(s), each a verified prefix of it (RFC 9162 consistency)`,
  );
  const others = [...r.others]
    .map(([plan, n]) => `${plan === null ? 'no plan' : plan} ${n}`)
    .join(', ');
  out.push(
    `events of the plan: ${r.planEvents.length} in ${r.streams} streams, hashes checked; other events (hashes only): ${others || 'none'}`,
  );
  out.push(
    'nothing of the plan left out: every leaf of the sealed tree is here, each hashed leaf belongs elsewhere',
  );
  out.push('');
  const pair = (ledger, events) => `${ledger} / ${events}`;
  const ledgerTownships = new Map(r.bundle.ledgerFigures.townships.map((t) => [t.townshipId, t]));
  out.push(
    "township progress (乡镇参保进度), each figure: the ledger's / recomputed from the events",
  );
  out.push(
    [
      'township',
      'name',
      'active',
      'pending',
      'enrolled',
      'cancelled',
      'lapsed',
      'premium (fen)',
    ].join('\t'),
  );
  for (const t of r.figures.townships) {
    const l = ledgerTownships.get(t.townshipId);
    out.push(
      [t.townshipId, r.names.get(t.townshipId) || '']
        .concat(
          ['active', 'pending', 'enrolled', 'cancelled', 'lapsed', 'premiumCollectedFen'].map((k) =>
            pair(l[k], t[k]),
          ),
        )
        .join('\t'),
    );
  }
  const c = r.figures.coinsurance;
  const lc = r.bundle.ledgerFigures.coinsurance;
  out.push('');
  out.push("coinsurance (共保体保费收入, fen), the ledger's / recomputed from the events:");
  out.push(`total\t${pair(lc.totalPremiumFen, c.totalPremiumFen)}`);
  out.push(`not yet allocated\t${pair(lc.unallocatedFen, c.unallocatedFen)}`);
  for (const [id, fen] of Object.entries(c.insurers))
    out.push(`${id}\t${pair(lc.insurers[id], fen)}`);
  out.push('');
  out.push(
    "VERIFIED: the bundle matches the ledger's signed seal, nothing of the plan is left out, and every figure of the ledger equals the one recomputed from its events",
  );
  return out.join('\n');
}

function main(argv) {
  const file = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--public-key');
  const k = argv.indexOf('--public-key');
  const keyArg = k >= 0 ? argv[k + 1] : undefined;
  if (!file || !keyArg) {
    console.error(
      'usage: node verify-bundle.js <bundle.json> --public-key <key.pem | base64 SPKI DER>',
    );
    return 2;
  }
  const keyText = fs.existsSync(keyArg) ? fs.readFileSync(keyArg, 'utf8') : keyArg;
  try {
    console.log(report(verifyBundle(fs.readFileSync(file), keyText)));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (!(error instanceof BundleError)) throw error;
    console.log(`FAILED: ${error.message}`);
    return 1;
  }
}

module.exports = {
  verifyBundle,
  BundleError,
  UsageError,
  canonical,
  treeHash,
  verifyConsistency,
  leafOf,
  entryHash,
  chainHash,
  recomputeFigures,
};

if (require.main === module) process.exitCode = main(process.argv.slice(2));
