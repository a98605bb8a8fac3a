{% snapshot snap_tags %}
{{
    config(
        unique_key=['title_id', 'tag'],
        strategy='check',
        check_cols=['times_applied', 'taggers'],
        hard_deletes='invalidate',
        tags=['content', 'snapshot']
    )
}}
select title_id, tag, times_applied, taggers
from {{ ref('int_tag_relevance') }}
{% endsnapshot %}
