import { solveChallenge } from 'altcha-lib/v1';

/** Solves the proof-of-work challenge a page carries (`data-pow`), as platform/assets/pow.js does in a browser. */
export async function solvedChallenge(html: string): Promise<string> {
  const attribute = /data-pow="([^"]+)"/.exec(html)?.[1];
  if (!attribute) throw new Error('the page carries no proof-of-work challenge');
  const challenge = JSON.parse(attribute.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
    algorithm: string;
    challenge: string;
    salt: string;
    signature: string;
    maxnumber: number;
  };
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
    .promise;
  if (!solution) throw new Error('the challenge has no solution');
  return Buffer.from(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  ).toString('base64');
}
