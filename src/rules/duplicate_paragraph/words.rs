//! The word ids of a post's paragraphs, kept as the little-endian bytes the
//! cache stores them in. They are most of the cache, and most checks read few
//! of them: a warm run verifies only the pairs its verdict memory lacks, and a
//! check of a few posts only their families. Kept as bytes, a summary read
//! from the cache shares the cache file's memory instead of copying every
//! post's words ([`crate::cache::Cache::summaries`]); a pair is decoded when it
//! is compared.

use bytes::Bytes;
use serde::de::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every paragraph's word ids of one post, one after another.
#[derive(Clone, Default)]
pub struct WordIds(Bytes);

impl WordIds {
    /// The ids, encoded.
    pub fn new(ids: &[u32]) -> WordIds {
        let bytes: Vec<u8> = ids.iter().flat_map(|id| id.to_le_bytes()).collect();
        WordIds(Bytes::from(bytes))
    }

    /// Ids already encoded, as shared bytes; `None` when they cannot be.
    pub fn shared(bytes: Bytes) -> Option<WordIds> {
        bytes.len().is_multiple_of(4).then_some(WordIds(bytes))
    }

    /// The ids from the `start`th to before the `end`th.
    pub fn get(&self, range: std::ops::Range<usize>) -> Option<Words<'_>> {
        let bytes = self.0.get(range.start * 4..range.end.checked_mul(4)?)?;
        Some(Words(bytes))
    }
}

impl Serialize for WordIds {
    fn serialize<S: Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for WordIds {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<WordIds, D::Error> {
        let bytes = serde_bytes::ByteBuf::deserialize(input)?;
        WordIds::shared(Bytes::from(bytes.into_vec()))
            .ok_or_else(|| D::Error::custom("word ids of the wrong length"))
    }
}

/// One paragraph's word ids.
#[derive(Clone, Copy)]
pub struct Words<'a>(&'a [u8]);

impl Words<'_> {
    /// How many words.
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    /// The ids in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// Replaces `out` with the ids.
    pub fn decode_into(&self, out: &mut Vec<u32>) {
        out.clear();
        out.extend(self.iter());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_from_the_stored_bytes_shared_or_copied() {
        let ids = [7, u32::MAX, 0, 42, 1 << 20];
        let stored = postcard::to_stdvec(&WordIds::new(&ids)).unwrap();
        let copied: WordIds = postcard::from_bytes(&stored).unwrap();
        // What the cache hands a rule: a slice of a larger file.
        let file = Bytes::from([b"header".as_slice(), &stored].concat());
        let borrowed: &serde_bytes::Bytes = postcard::from_bytes(&file[6..]).unwrap();
        let shared = WordIds::shared(file.slice_ref(borrowed)).unwrap();
        for words in [&copied, &shared] {
            let all: Vec<u32> = words.get(0..5).unwrap().iter().collect();
            assert_eq!(all, ids);
            let mut middle = Vec::new();
            words.get(1..3).unwrap().decode_into(&mut middle);
            assert_eq!(middle, [u32::MAX, 0]);
            assert!(words.get(4..6).is_none());
        }
        assert!(WordIds::shared(Bytes::from_static(b"abc")).is_none());
    }
}
