{{ config(tags=['content']) }}
-- Tag relevance is a share: every score lies in (0, 1] and each tagged title has a tag scoring 1.
select title_id, tag, relevance
from {{ ref('int_tag_relevance') }}
where relevance <= 0 or relevance > 1
union all
select title_id, null, max(relevance)
from {{ ref('int_tag_relevance') }}
group by title_id
having max(relevance) <> 1
