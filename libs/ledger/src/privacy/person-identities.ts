import { Inject, Injectable } from '@nestjs/common';
import { InsuredPerson, parseResidentId, SealedIdentity } from '@ledger/domain';
import { IdentityEnvelopes, PersonKeyStore, PersonRefHasher } from '@ledger/privacy';
import { PERSON_KEY_STORE } from '../core/tokens';

export interface PersonInput {
  idNumber: string;
  name?: string;
  phone?: string;
  localHouseholdRegistration?: boolean;
}

/**
 * Turns a readable identity into what the ledger keeps: a personRef, facts derived from the ID
 * number, and an envelope sealed with the person's key. Raw identifiers stop here.
 */
@Injectable()
export class PersonIdentities {
  readonly envelopes: IdentityEnvelopes;

  constructor(
    private readonly hasher: PersonRefHasher,
    @Inject(PERSON_KEY_STORE) private readonly keys: PersonKeyStore,
  ) {
    this.envelopes = new IdentityEnvelopes(keys);
  }

  /**
   * True, once, when sealing this person's identity created their key: the ledger has never
   * written a stream of theirs, so the command may decide without reading one (docs/performance.md).
   */
  isNewPerson(personRef: string): boolean {
    return this.keys.takeCreated?.(personRef) ?? false;
  }

  refOf(idNumber: string, field: string, today: string): string {
    return this.hasher.refOf(parseResidentId(idNumber, field, today).normalized);
  }

  async insured(input: PersonInput, field: string, today: string): Promise<InsuredPerson> {
    const id = parseResidentId(input.idNumber, `${field}.idNumber`, today);
    const personRef = this.hasher.refOf(id.normalized);
    const sealedIdentity = (await this.envelopes.seal(personRef, {
      idNumber: id.normalized,
      ...(input.name ? { name: input.name } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
    })) as unknown as SealedIdentity;
    return {
      personRef,
      idKind: id.kind,
      birthDate: id.birthDate,
      sex: id.sex,
      sealedIdentity,
      ...(input.localHouseholdRegistration !== undefined
        ? { localHouseholdRegistration: input.localHouseholdRegistration }
        : {}),
    };
  }
}
